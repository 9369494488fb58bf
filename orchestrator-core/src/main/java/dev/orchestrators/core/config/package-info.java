/**
 * Documented configuration keys for code that does not depend on Kafka ({@link dev.orchestrators.core.config.ConfigKey}),
 * and secrets given by reference ({@link dev.orchestrators.core.config.Secret}).
 */
package dev.orchestrators.core.config;

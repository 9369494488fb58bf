package dev.orchestrators.core.tool;

/**
 * What a tool does to the world. Each orchestrator declares the capabilities it may use; a call to a
 * tool whose capability the orchestrator did not declare is refused before the tool runs.
 */
public enum Capability {
    /** Reads data and changes nothing (DB read, vector search, enrichment lookup). */
    READ,
    /** Changes state in a system of record (CRM write, DB update). */
    WRITE,
    /** Sends something to a person or an outside party (email, SMS, webhook). */
    SEND
}

# syntax=docker/dockerfile:1
#
# The orchestrator worker: the runnable jar of bin/orchestrator on a Java 17 runtime, built from these sources.
#
#   docker build -t kafka-orchestrators/worker:0.1.0-SNAPSHOT .
#   docker run --rm -e ORCHESTRATOR_BOOTSTRAP_SERVERS=kafka:9092 -e ORCHESTRATOR_METRICS_PORT=9464 \
#       kafka-orchestrators/worker:0.1.0-SNAPSHOT               # = orchestrator run; any other command: ... flows
#
# Every configuration key is an environment variable ORCHESTRATOR_<KEY> (docs/deployment.md), or a -D argument.
# ComposeFileTest checks this file (sources, the jar's name, ports, settings) without Docker.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY orchestrator-core/pom.xml orchestrator-core/
COPY orchestrator-broker/pom.xml orchestrator-broker/
COPY orchestrator-streams/pom.xml orchestrator-streams/
COPY orchestrator-tools/pom.xml orchestrator-tools/
COPY orchestrator-tools-sql/pom.xml orchestrator-tools-sql/
COPY orchestrator-tools-http/pom.xml orchestrator-tools-http/
COPY orchestrator-tools-mail/pom.xml orchestrator-tools-mail/
COPY orchestrator-tools-s3/pom.xml orchestrator-tools-s3/
COPY orchestrator-tools-vector/pom.xml orchestrator-tools-vector/
COPY orchestrator-local-servers/pom.xml orchestrator-local-servers/
COPY orchestrator-samples/pom.xml orchestrator-samples/
COPY orchestrator-cli/pom.xml orchestrator-cli/
# The reactor reads every module's pom; the image needs no harness (bench, chaos), test kit, BOM or example check,
# so their sources stay out.
COPY orchestrator-testkit/pom.xml orchestrator-testkit/
COPY orchestrator-harness/pom.xml orchestrator-harness/
COPY orchestrator-bom/pom.xml orchestrator-bom/
COPY orchestrator-examples-it/pom.xml orchestrator-examples-it/
COPY schemas schemas
COPY orchestrator-core/src orchestrator-core/src
COPY orchestrator-broker/src orchestrator-broker/src
COPY orchestrator-streams/src orchestrator-streams/src
COPY orchestrator-tools/src orchestrator-tools/src
COPY orchestrator-tools-sql/src orchestrator-tools-sql/src
COPY orchestrator-tools-http/src orchestrator-tools-http/src
COPY orchestrator-tools-mail/src orchestrator-tools-mail/src
COPY orchestrator-tools-s3/src orchestrator-tools-s3/src
COPY orchestrator-tools-vector/src orchestrator-tools-vector/src
COPY orchestrator-local-servers/src orchestrator-local-servers/src
COPY orchestrator-samples/src orchestrator-samples/src
COPY orchestrator-cli/src orchestrator-cli/src
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package -pl orchestrator-cli -am

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 orchestrator \
    && useradd --system --uid 10001 --gid orchestrator --home-dir /var/lib/orchestrator orchestrator \
    && mkdir -p /var/lib/orchestrator/state \
    && chown -R orchestrator:orchestrator /var/lib/orchestrator
COPY --from=build /src/orchestrator-cli/target/orchestrator-cli-0.1.0-SNAPSHOT-all.jar /opt/orchestrator/orchestrator.jar
USER 10001
WORKDIR /var/lib/orchestrator
# Kafka Streams' state (RocksDB): restored from the changelogs when lost, so a volume is optional.
ENV ORCHESTRATOR_STATE_DIR=/var/lib/orchestrator/state
# The metrics and health endpoint, when ORCHESTRATOR_METRICS_PORT=9464 turns it on.
EXPOSE 9464
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/orchestrator/orchestrator.jar"]
CMD ["run"]

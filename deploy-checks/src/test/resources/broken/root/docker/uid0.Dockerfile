ARG RUNTIME=eclipse-temurin:17.0.13_11-jre-jammy
FROM ${RUNTIME}
USER 0:0

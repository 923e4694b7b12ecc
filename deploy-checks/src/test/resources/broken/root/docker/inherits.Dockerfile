FROM eclipse-temurin:17.0.13_11-jre-jammy AS base
USER 10001
FROM base
ENTRYPOINT ["java"]

FROM eclipse-temurin:17.0.13_11-jre-jammy
USER 10001
RUN echo hi
USER root

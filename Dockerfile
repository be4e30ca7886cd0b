# syntax=docker/dockerfile:1
# scorewatch image: built with the Maven wrapper on a JDK, run on a JRE.
#   docker build -t scorewatch .        (or: docker compose up --build)

FROM eclipse-temurin:17.0.15_6-jdk-jammy AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src/main src/main
# The Maven repository (and the wrapper's Maven) are kept in a build cache between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true package \
 && cp target/scorewatch-*.jar /scorewatch.jar

FROM eclipse-temurin:17.0.15_6-jre-jammy
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system scorewatch \
 && useradd --system --gid scorewatch --home-dir /app --no-create-home scorewatch
WORKDIR /app
# config/ (models/*.yaml, alert_rules.yaml) is read relative to the working directory: mount
# the operator's folder over /app/config. data/ holds the H2 database when no profile is set.
RUN mkdir -p /app/config /app/data && chown scorewatch:scorewatch /app/data
COPY --from=build /scorewatch.jar /app/scorewatch.jar
USER scorewatch
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
  CMD curl -fsS http://localhost:8080/actuator/health/readiness || exit 1
# ZGC, as ./mvnw spring-boot:run: single predictions' p99 stays under 10 ms (README, Benchmarks)
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseZGC", "-jar", "/app/scorewatch.jar"]

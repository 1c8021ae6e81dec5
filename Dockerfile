# syntax=docker/dockerfile:1
# crm-sync-jobs: build with the Maven wrapper, run on a JRE 17 as a non-root user, the CLI as entry point:
#   docker build -t crm-sync-jobs .
#   docker run --rm -e SPRING_DATASOURCE_URL=jdbc:postgresql://db:5432/crm -e SPRING_DATASOURCE_USERNAME=… \
#     -e SPRING_DATASOURCE_PASSWORD=… crm-sync-jobs daily-retry

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# Dependencies first: they change less often than the code, so this layer stays cached.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY jobs/pom.xml jobs/
RUN ./mvnw -B -q -pl jobs -am dependency:go-offline
COPY config/ config/
COPY sql/ sql/
COPY jobs/src/ jobs/src/
RUN ./mvnw -B -q -pl jobs -am package -DskipTests \
 && java -Djarmode=tools -jar jobs/target/crm-sync-jobs.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 crmsync \
 && useradd --system --uid 10001 --gid crmsync --home-dir /app --shell /usr/sbin/nologin crmsync
WORKDIR /app
# Spring Boot layers, least to most often changed.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# The heap follows the container's memory limit; a JVM out of memory exits at once (the job resumes on relaunch).
# C1 only (TieredStopAtLevel=1): a run lasts minutes on a fraction of a core, and C2's compiling cost more CPU than
# its faster code saved (bench/run.sh at 200,000 failures: job CPU 51 s -> 28 s, run (b) 61 s -> 48 s).
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
CMD ["--help"]

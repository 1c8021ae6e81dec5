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
# No CDS archive here: it belongs to the JVM that runs it, the runtime stage's.
RUN ./mvnw -B -q -pl jobs -am package -DskipTests -Dcrm-sync.cds.skip=true \
 && java -Djarmode=tools -jar jobs/target/crm-sync-jobs.jar extract --layers --destination /layers

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 crmsync \
 && useradd --system --uid 10001 --gid crmsync --home-dir /app --shell /usr/sbin/nologin crmsync
WORKDIR /app
# Spring Boot layers, least to most often changed: /app/crm-sync-jobs.jar and its /app/lib/.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# The launcher the README documents: the extracted jar, its CDS archive, C1 only.
COPY bin/crm-sync-jobs bin/crm-sync-jobs
# The heap follows the container's memory limit; a JVM out of memory exits at once (the job resumes on relaunch).
# The launcher adds C1 only (TieredStopAtLevel=1): a run lasts minutes on a fraction of a core, and C2's compiling
# cost more CPU than its faster code saved (bench/run.sh at 200,000 failures: job CPU 51 s -> 28 s, run (b) 61 s ->
# 48 s), and a start spends less on compiling.
ENV JAVA_OPTS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
RUN mkdir cds && chown 10001:10001 cds
USER 10001:10001
# The CDS archive (Spring Boot's class data sharing), made here by a training run with this image's JVM on a scratch
# embedded database (nothing outside the build is reached): every start loads the classes from it.
RUN bin/crm-sync-jobs --create-cds-archive
ENTRYPOINT ["/app/bin/crm-sync-jobs"]
CMD ["--help"]

# Folioscope: build the production jar exactly as `mvn verify` does here (committed frontend
# bundle in src/main/bundles/, so no Node is needed), then run it on a JRE.
#
#   docker build -t folioscope .
#   docker run --rm -p 8080:8080 folioscope        # then open http://localhost:8080

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
ENV VAADIN_USAGE_STATS_ENABLED=false
COPY pom.xml ./
RUN mvn -B -ntp -q dependency:go-offline || true
COPY src ./src
COPY frontend ./frontend
COPY scenarios ./scenarios
# Browser tests need Chromium and run in CI (.ci/run), not here.
RUN mvn -B -ntp package -DskipTests \
    && cp target/folioscope-*.jar /src/folioscope.jar

FROM eclipse-temurin:25-jre
WORKDIR /app
ENV VAADIN_USAGE_STATS_ENABLED=false
# The app listens on 127.0.0.1 by default (application.properties); in a container that is
# unreachable through -p, so listen on every interface.
ENV SERVER_ADDRESS=0.0.0.0
COPY --from=build /src/folioscope.jar /app/folioscope.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/folioscope.jar"]

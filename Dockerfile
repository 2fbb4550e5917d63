# Labhand as a container: build with Maven, run on a JRE as a non-root user.
#   docker build -t labhand .
#   docker run -d -v /var/run/docker.sock:/var/run/docker.sock --group-add $(stat -c %g /var/run/docker.sock) \
#       -v /srv/labhand:/srv/labhand -e LABHAND_DB=/srv/labhand/labhand.db labhand console
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY config config
COPY tools tools
COPY prompts prompts
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --uid 10001 labhand
WORKDIR /app
COPY --from=build /src/target/labhand.jar /app/labhand.jar
COPY config /app/config
COPY prompts /app/prompts
COPY tools /app/tools
USER labhand
ENV LABHAND_LOG=/home/labhand/labhand.log
HEALTHCHECK --interval=60s --timeout=30s --start-period=20s CMD ["java", "-jar", "/app/labhand.jar", "doctor"]
ENTRYPOINT ["java", "-jar", "/app/labhand.jar"]
CMD ["console"]

# Labhand as a container: the jar Maven built, on a slim JRE, run as a non-root user. No Maven inside the image.
#   mvn -B -DskipTests package && docker build -t labhand .
#   docker run -d -v /var/run/docker.sock:/var/run/docker.sock --group-add $(stat -c %g /var/run/docker.sock) \
#       -v /srv/labhand:/srv/labhand -e LABHAND_DB=/srv/labhand/labhand.db labhand console
# (the data root at the same path inside and out: workspace bind mounts are resolved by the host's engine; see
# README). With nothing mounted, state (database, keys, checkpoints, the log) goes to the volume /app/data.
# The build context is only what .dockerignore lets through: target/labhand.jar, config/, prompts/, tools/ and
# scripts/container-health.sh. Offline (as in the tests), `scripts/peers.sh test` makes a stand-in for the base.
FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --uid 10001 labhand && mkdir -p /app/data && chown labhand /app/data
WORKDIR /app
COPY config /app/config
COPY prompts /app/prompts
COPY tools /app/tools
COPY scripts/container-health.sh /app/container-health
COPY target/labhand.jar /app/labhand.jar
# A class-data-sharing archive of the classes a start and a /help load (AppCDS, Java 17: ArchiveClassesAtExit):
# the JVM maps them instead of parsing and verifying them again at each start. Built as root in a throwaway
# home with no engine to reach, then readable by everyone.
RUN mkdir /tmp/cds && echo /help | java -Duser.home=/tmp/cds -XX:ArchiveClassesAtExit=/app/labhand.jsa -jar /app/labhand.jar \
        console --db /tmp/cds/labhand.db --as cds --lang en >/dev/null 2>&1; \
    rm -rf /tmp/cds; test -s /app/labhand.jsa && chmod 644 /app/labhand.jsa
USER labhand
ENV LABHAND_LOG=/app/data/labhand.log
VOLUME /app/data
# The health check asks the running bot's operations endpoint (GET /healthz on operations.http.bind, default
# 127.0.0.1:9464) with bash alone: no JVM starts every minute. Set LABHAND_HEALTH_ADDR if you move the endpoint.
HEALTHCHECK --interval=60s --timeout=5s --start-period=30s --retries=3 CMD ["/app/container-health"]
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/labhand.jsa", "-Xshare:auto", "-jar", "/app/labhand.jar"]
CMD ["console"]

package dev.patauth.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new app that adds patauth as the README says (the listener, the filter and the admin
 * servlet, a {@code patauth.jdbc.url}, and its JDBC drivers in WEB-INF/lib, with no code of
 * its own) is
 * reloaded and then undeployed in Tomcat: when Tomcat unloads its class loader, no JDBC driver
 * of the app is still registered and no patauth thread still runs, and the app works again
 * after the reload.
 */
class TomcatRedeployIT {

    private static final Path WAR = Path.of("target", "patauth-sample.war");
    private static final String WEB_XML = """
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
              <context-param>
                <param-name>patauth.jdbc.url</param-name>
                <param-value>jdbc:h2:mem:redeploy;DB_CLOSE_DELAY=-1</param-value>
              </context-param>
              <listener><listener-class>dev.patauth.servlet.PatAuthListener</listener-class></listener>
              <filter><filter-name>patauth</filter-name><filter-class>dev.patauth.servlet.PatAuthFilter</filter-class></filter>
              <filter-mapping><filter-name>patauth</filter-name><url-pattern>/api/*</url-pattern></filter-mapping>
              <servlet><servlet-name>tokens</servlet-name><servlet-class>dev.patauth.admin.TokenAdminServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>tokens</servlet-name><url-pattern>/api/*</url-pattern></servlet-mapping>
            </web-app>
            """;

    @Test
    void reloadAndUndeployLeaveNoDriverAndNoThreadBehind(@TempDir Path baseDir) throws Exception {
        Path app = newAppWithTheJarsOf(WAR, baseDir.resolve("app"));
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = warningsInto(warnings);
        Logger catalina = Logger.getLogger("org.apache.catalina");
        catalina.addHandler(capture);
        Tomcat tomcat = new Tomcat();
        try {
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Files.createDirectories(baseDir.resolve("webapps"));
            tomcat.setAddDefaultWebXmlToWebapp(false);
            StandardContext context = (StandardContext) tomcat.addWebapp("/app", app.toString());
            // these two checks need --add-opens and only warn without it; the driver and thread checks stay on
            context.setClearReferencesThreadLocals(false);
            context.setClearReferencesRmiTargets(false);
            tomcat.start();
            assertThat(context.getState().isAvailable()).as("the app started").isTrue();
            // what Tomcat's own leak check would find: the moment the app's class loader starts to
            // stop, after every listener, patauth's included, has run
            List<String> leftWhenUnloading = new CopyOnWriteArrayList<>();
            ((Lifecycle) context.getLoader()).addLifecycleListener(event -> {
                if (Lifecycle.BEFORE_STOP_EVENT.equals(event.getType())) {
                    driversRegisteredBy(context.getLoader().getClassLoader()).forEach(d -> leftWhenUnloading.add("driver " + d));
                    patauthThreads().forEach(thread -> leftWhenUnloading.add("thread " + thread));
                }
            });
            URI api = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/app/api/tokens");
            assertThat(status(api)).as("the filter answers").isEqualTo(401);
            assertThat(driversRegisteredBy(context.getLoader().getClassLoader()))
                    .as("patauth's driver lookup registered the app's drivers").isNotEmpty();

            context.reload();
            assertThat(context.getState().isAvailable()).as("the app started again after the reload").isTrue();
            assertThat(status(api)).as("the filter answers after the reload").isEqualTo(401);
            tomcat.getHost().removeChild(context);

            assertThat(leftWhenUnloading).as("JDBC drivers and threads of the app left when Tomcat unloaded it").isEmpty();
            assertThat(warnings).as("Tomcat's warnings on reload and undeploy")
                    .noneMatch(warning -> warning.contains("JDBC driver"))
                    .noneMatch(warning -> warning.contains("started a thread"));
        } finally {
            catalina.removeHandler(capture);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** An exploded webapp: the sample WAR's WEB-INF/lib (patauth, its libraries, H2, pgjdbc) and a web.xml of its own. */
    private static Path newAppWithTheJarsOf(Path war, Path app) throws IOException {
        Path lib = Files.createDirectories(app.resolve("WEB-INF/lib"));
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().startsWith("WEB-INF/lib/") && entry.getName().endsWith(".jar")) {
                    Files.copy(zip, lib.resolve(entry.getName().substring("WEB-INF/lib/".length())));
                }
            }
        }
        Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML);
        return app;
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /**
     * The drivers in DriverManager's registry loaded by this class loader. Tomcat's own check
     * (it warns in a stock Tomcat) stays silent here, where the test's class path holds the
     * same drivers, so the test reads the registry itself (--add-opens java.sql/java.sql, set
     * for failsafe in the pom).
     */
    private static List<String> driversRegisteredBy(ClassLoader loader) {
        try {
            Field registry = DriverManager.class.getDeclaredField("registeredDrivers");
            registry.setAccessible(true);
            List<String> found = new ArrayList<>();
            for (Object info : (List<?>) registry.get(null)) {
                Field field = info.getClass().getDeclaredField("driver");
                field.setAccessible(true);
                Object driver = field.get(info);
                if (driver.getClass().getClassLoader() == loader) {
                    found.add(driver.getClass().getName());
                }
            }
            return found;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read DriverManager's registry", e);
        }
    }

    private static List<String> patauthThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.toLowerCase(Locale.ROOT).contains("patauth"))
                .toList();
    }

    private static Handler warningsInto(List<String> warnings) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(new SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}

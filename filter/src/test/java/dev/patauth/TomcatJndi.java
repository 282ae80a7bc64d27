package dev.patauth;

import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextResource;

/** Binds an H2 DataSource into a Tomcat webapp's JNDI, as an app server admin would. */
final class TomcatJndi {

    static final String NAME = "jdbc/patauth";
    static final String H2_URL_PARAM = "test.h2.url";

    private TomcatJndi() {
    }

    static void bindH2(Tomcat tomcat, Context context, Map<String, String> params) {
        tomcat.enableNaming();
        ContextResource resource = new ContextResource();
        resource.setName(NAME);
        resource.setType("org.h2.jdbcx.JdbcDataSource");
        resource.setProperty("factory", "org.h2.jdbcx.JdbcDataSourceFactory");
        resource.setProperty("url", params.get(H2_URL_PARAM));
        resource.setProperty("user", "sa");
        resource.setProperty("password", "");
        resource.setProperty("description", "patauth test database");
        resource.setProperty("loginTimeout", "0");
        context.getNamingResources().addResource(resource);
    }
}

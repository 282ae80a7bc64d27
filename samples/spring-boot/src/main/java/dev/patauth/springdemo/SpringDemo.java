package dev.patauth.springdemo;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.patauth.TokenEventListener;
import dev.patauth.spring.security.PatAuthConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The Spring Boot demo: {@code java -jar patauth-spring-demo.jar --server.port=8080}. Users
 * alice/alice-demo (member) and bob/bob-demo (member, admin) sign in with BASIC; tokens are
 * authenticated by {@link PatAuthConfigurer}; the Auth Tokens page is at {@code /account/tokens/}.
 * The tokens live in an H2 database in memory unless {@code spring.datasource.url} names another.
 */
@SpringBootApplication
public class SpringDemo {

    /** Starts the demo. */
    public static void main(String[] args) {
        SpringApplication.run(SpringDemo.class, args);
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/notes").hasAuthority("SCOPE_write")
                        // anyone who finds a token in public may report it
                        .requestMatchers(HttpMethod.POST, "/account/tokens/api/revoke-leaked").permitAll()
                        .requestMatchers("/error").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(withDefaults())
                .with(PatAuthConfigurer.patAuth(), withDefaults());
        return http.build();
    }

    /**
     * The demo's token events, one INFO line each, where a real app would email the owner ("your
     * token expires in 7 days"); the starter registers every TokenEventListener bean.
     */
    @Bean
    TokenEventListener logTokenEvents() {
        Logger log = LoggerFactory.getLogger("dev.patauth.springdemo.TokenEvents");
        return event -> log.info("token {} of {}: {}{}", event.tokenId().map(Object::toString).orElse("-"), event.user(),
                event.type(), event.reason().map(reason -> " (" + reason + ")").orElse(""));
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-demo").roles("member").build(),
                User.withUsername("bob").password("{noop}bob-demo").roles("member", "admin").build());
    }
}

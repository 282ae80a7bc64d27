package dev.patauth.spring.security;

import static org.springframework.security.config.Customizer.withDefaults;

import dev.patauth.TokenPrincipal;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small Spring Boot app as a user writes one: its own users, Basic login, and the patauth configurer. */
@SpringBootApplication
@EnableMethodSecurity
class TokenApp {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/notes").hasAuthority("SCOPE_write")
                        .requestMatchers("/admin").hasRole("admin")
                        .anyRequest().authenticated())
                .httpBasic(withDefaults())
                .with(PatAuthConfigurer.patAuth(), patAuth -> patAuth.realm("token-app"));
        return http.build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-pw").roles("member").build(),
                User.withUsername("carol").password("{noop}carol-pw").roles("member").disabled(true).build());
    }

    @RestController
    static class Api {
        @GetMapping("/whoami")
        Map<String, Object> whoami(Authentication authentication) {
            Object principal = authentication.getPrincipal();
            return Map.of("user", authentication.getName(),
                    "token", principal instanceof TokenPrincipal token ? token.tokenName() : "",
                    "authorities", authentication.getAuthorities().stream().map(Object::toString).sorted().toList());
        }

        @PostMapping("/notes")
        Map<String, String> note(Authentication authentication) {
            return Map.of("author", authentication.getName());
        }

        @PostMapping("/drafts")
        @PreAuthorize("hasAuthority('SCOPE_write')")
        Map<String, String> draft(Authentication authentication) {
            return Map.of("author", authentication.getName());
        }

        @GetMapping("/admin")
        String admin() {
            return "admin";
        }
    }
}

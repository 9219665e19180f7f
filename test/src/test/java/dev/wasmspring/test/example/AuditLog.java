package dev.wasmspring.test.example;

import org.springframework.stereotype.Component;

/**
 * A component with nothing to do with plugins, which slices leave out.
 */
@Component
public class AuditLog {

}

package dev.wasmspring.test.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;


/**
 * An application with two plugins (see {@code application.properties}), a host function bean and a web layer; its
 * plugin interfaces are found in its packages, as in any application.
 */
@SpringBootApplication
public class ExampleApplication {

}

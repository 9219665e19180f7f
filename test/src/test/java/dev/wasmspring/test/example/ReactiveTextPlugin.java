package dev.wasmspring.test.example;

import reactor.core.publisher.Mono;

import dev.wasmspring.plugin.WasmPlugin;

/**
 * Module {@code plugin} for reactive callers: each call runs when subscribed to, off the event loop.
 */
@WasmPlugin("plugin")
public interface ReactiveTextPlugin {

	Mono<String> echo(String text);

	Mono<Integer> count();

}

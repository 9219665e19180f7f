package dev.wasmspring.sample.plugins;

import java.util.List;

/**
 * The answer of {@code GET /plugins}. Immutable.
 *
 * @param plugins the loaded plugins, by name
 * @param instancesCreated plugin instances created since the service started
 * @param liveInstances plugin instances open right now
 */
public record PluginList(List<PluginInfo> plugins, long instancesCreated, long liveInstances) {

}

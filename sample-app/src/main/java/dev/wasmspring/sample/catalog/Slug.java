package dev.wasmspring.sample.catalog;

/**
 * A catalogue slug: the answer of {@code GET /slug}. Immutable.
 *
 * @param text the text the slug was made from
 * @param slug the slug
 */
public record Slug(String text, String slug) {

}

package dev.cdn.api.cert;

/**
 * The body of {@code POST /v1/services/{id}/certificates}.
 *
 * @param chain PEM certificates, leaf first, then its intermediates (the root may be left out)
 * @param key   the leaf's unencrypted PKCS#8 PEM private key
 */
record UploadRequest(String chain, String key) {

    /** Never prints the key, should the request ever be logged. */
    @Override
    public String toString() {
        return "UploadRequest[chain=" + (chain == null ? 0 : chain.length()) + " chars, key=(hidden)]";
    }
}

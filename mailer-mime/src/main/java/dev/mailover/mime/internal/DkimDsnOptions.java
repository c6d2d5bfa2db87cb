package dev.mailover.mime.internal;

import dev.mailover.Dsn;
import dev.mailover.mime.DkimSigner;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DSN options that make a transport sign with DKIM, the same for every transport that writes
 * MIME (SMTP, SES): {@code dkim_domain}, {@code dkim_selector} and {@code dkim_key} (the path of an
 * unencrypted PKCS#8 PEM file), all three or none. Not API.
 */
public final class DkimDsnOptions {

    private static final String[] NAMES = {"dkim_domain", "dkim_selector", "dkim_key"};

    private DkimDsnOptions() {
    }

    /**
     * The signer the DSN's options describe; empty when it has none of them.
     *
     * @throws IllegalArgumentException naming the DSN option that is missing or wrong; the key file's
     *                                  content is never quoted
     */
    public static Optional<DkimSigner> signer(Dsn dsn) {
        Optional<String> domain = dsn.option("dkim_domain");
        Optional<String> selector = dsn.option("dkim_selector");
        Optional<String> key = dsn.option("dkim_key");
        if (domain.isEmpty() && selector.isEmpty() && key.isEmpty()) {
            return Optional.empty();
        }
        for (String name : NAMES) {
            if (dsn.option(name).isEmpty()) {
                throw new IllegalArgumentException("DSN " + dsn.scheme() + ": DKIM signing needs dkim_domain, dkim_selector"
                        + " and dkim_key=PATH (a PKCS#8 PEM file) together; " + name + " is missing");
            }
        }
        Path file;
        try {
            file = Path.of(key.get());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("DSN option dkim_key: '" + key.get() + "' is not a file path", e);
        }
        try {
            return Optional.of(DkimSigner.builder().domain(domain.get()).selector(selector.get())
                    .privateKeyPem(file).build());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DSN option " + e.getMessage()
                    .replaceFirst("^privateKeyPem:", "dkim_key:")
                    .replaceFirst("^privateKey:", "dkim_key:")
                    .replaceFirst("^domain:", "dkim_domain:")
                    .replaceFirst("^selector:", "dkim_selector:"), e);
        }
    }
}

package dev.recsys.data.movielens;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;

/** Opens the byte stream of a download; tests replace it to stay off the network. */
interface DownloadSource {

    /** The content at {@code uri}; the caller closes it. */
    InputStream open(URI uri) throws IOException;

    /**
     * Opens any URL the JDK can ({@code https:}, {@code http:}, {@code file:}) and honours the
     * JDK proxy settings. {@link URLConnection} rather than {@code HttpClient}: only the former
     * has a read timeout, so a stalled transfer fails instead of hanging.
     */
    static DownloadSource urlConnection(Duration connectTimeout, Duration readTimeout) {
        return uri -> {
            URLConnection connection = uri.toURL().openConnection();
            connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            if (connection instanceof HttpURLConnection http) {
                int status = http.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) {
                    String message = http.getResponseMessage();
                    http.disconnect();
                    throw new IOException("HTTP " + status + (message == null ? "" : " " + message));
                }
            }
            return connection.getInputStream();
        };
    }
}

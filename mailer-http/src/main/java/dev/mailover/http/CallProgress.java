package dev.mailover.http;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Records how far one HTTP call got, so a failure can tell "never reached the server" from "the
 * request was fully sent and then the answer never came" (which may mean the message was delivered).
 * Added to each call with {@link Call#addEventListener(EventListener)}, so an application's own
 * listeners on a shared client keep working.
 */
final class CallProgress extends EventListener {

    private volatile boolean connected;
    private volatile boolean requestSent;
    private volatile boolean responseReceived;

    @Override
    public void connectionAcquired(Call call, okhttp3.Connection connection) {
        connected = true;
    }

    @Override
    public void requestHeadersEnd(Call call, Request request) {
        if (request.body() == null) {
            requestSent = true;
        }
    }

    @Override
    public void requestBodyEnd(Call call, long byteCount) {
        requestSent = true;
    }

    @Override
    public void responseHeadersEnd(Call call, Response response) {
        responseReceived = true;
    }

    /**
     * True once a connection was established (TCP connect and TLS handshake done) or taken from the
     * pool: a failure before that sent nothing of the request.
     */
    boolean connected() {
        return connected;
    }

    /**
     * True when the whole request went out but no response arrived: the server may have acted on
     * it, so a retry may duplicate the message.
     */
    boolean possiblyDelivered() {
        return requestSent && !responseReceived;
    }
}

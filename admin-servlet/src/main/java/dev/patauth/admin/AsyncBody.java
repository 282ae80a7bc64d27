package dev.patauth.admin;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a small request body without holding a request thread while the client is slow: the
 * container calls back as bytes arrive (Servlet async I/O), and one deadline bounds the whole
 * body. The outcome runs exactly once, on a container thread, and the request is completed
 * after it; a client that goes away gets no outcome at all.
 */
final class AsyncBody implements ReadListener, AsyncListener {

    /** What to do with the body; may write the response, which is completed afterwards. */
    interface Outcome {

        /** The whole body arrived, within {@link JsonBody#MAX_BYTES} and the deadline. */
        void received(byte[] body) throws IOException;

        /** It did not: {@link ApiError#BODY_TOO_LARGE} or {@link ApiError#REQUEST_TIMEOUT}. */
        void refused(ApiError error) throws IOException;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private final AsyncContext async;
    private final ServletInputStream in;
    private final Outcome outcome;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[4096];
    private final AtomicBoolean finished = new AtomicBoolean();

    private AsyncBody(AsyncContext async, ServletInputStream in, Outcome outcome) {
        this.async = async;
        this.in = in;
        this.outcome = outcome;
    }

    /** Starts reading; returns at once, and the container calls back. The request must support async. */
    static void read(HttpServletRequest request, Duration deadline, Outcome outcome) throws IOException {
        AsyncContext async = request.startAsync();
        async.setTimeout(deadline.toMillis());
        AsyncBody reader = new AsyncBody(async, request.getInputStream(), outcome);
        async.addListener(reader);
        reader.in.setReadListener(reader);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!finished.get() && in.isReady()) {
            int read = in.read(buffer);
            if (read < 0) {
                return; // the container calls onAllDataRead
            }
            body.write(buffer, 0, read);
            if (body.size() > JsonBody.MAX_BYTES) {
                finish(() -> outcome.refused(ApiError.BODY_TOO_LARGE));
                return;
            }
        }
    }

    @Override
    public void onAllDataRead() throws IOException {
        finish(() -> outcome.received(body.toByteArray()));
    }

    @Override
    public void onTimeout(AsyncEvent event) throws IOException {
        finish(() -> outcome.refused(ApiError.REQUEST_TIMEOUT));
    }

    /** The client went away or the container gave up on the connection: nobody to answer. */
    @Override
    public void onError(Throwable failure) {
        if (finished.compareAndSet(false, true)) {
            complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable());
    }

    @Override
    public void onComplete(AsyncEvent event) {
        finished.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    private void finish(Step step) throws IOException {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        try {
            step.run();
        } finally {
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException alreadyOver) {
            // the container completed it first, as it does after some errors
        }
    }
}

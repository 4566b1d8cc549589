package dev.folioscope.web.base;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

/**
 * An upload taken into memory up to a size limit, enforced on the server whatever the browser
 * says: a file over the limit is refused after reading one byte past it, so a hostile client
 * cannot make the server hold more, and the user is told the limit.
 */
public final class BoundedUpload implements UploadHandler {
    /** What receives a file within the limit, on the UI thread (under the session lock). */
    @FunctionalInterface
    public interface Received extends Serializable {
        /**
         * @param fileName the name the browser sent, as {@link Echo#value} shows it: for messages only,
         *     never a path
         * @param bytes the whole file
         */
        void accept(String fileName, byte[] bytes);
    }

    private final int maxBytes;
    private final Received received;

    /**
     * @param maxBytes the largest file taken
     * @param received gets each file within the limit
     */
    public BoundedUpload(int maxBytes, Received received) {
        this.maxBytes = maxBytes;
        this.received = received;
    }

    /**
     * upload() - an upload component for one file at a time, of these extensions, taken by this handler.
     * A file the browser already refuses (too large, another extension) gets a message naming it and
     * the rule; the file list is emptied after each upload, so the next can follow.
     *
     * @param extensions the extensions accepted, with their dots
     */
    public Upload upload(String... extensions) {
        Upload upload = new Upload(this);
        upload.setMaxFiles(1);
        upload.setMaxFileSize(maxBytes);
        upload.setAcceptedFileExtensions(extensions);
        upload.setI18n(new UploadI18N().setError(new UploadI18N.Error()
                .setFileIsTooBig("larger than " + size(maxBytes) + ", the most this server takes")
                .setIncorrectFileType("not a " + String.join(", ", extensions) + " file")));
        upload.addFileRejectedListener(e -> Notifications.problem(Echo.value(e.getFileName()) + ": "
                + e.getErrorMessage()));
        upload.addAllFinishedListener(e -> upload.clearFileList());
        return upload;
    }

    @Override
    public void handleUploadRequest(UploadEvent event) throws IOException {
        String name = Echo.value(event.getFileName());
        byte[] bytes;
        try (InputStream in = event.getInputStream()) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        UI ui = event.getUI();
        if (bytes.length > maxBytes) {
            String why = name + ": larger than " + size(maxBytes) + ", the most this server takes";
            event.reject(why);
            ui.access(() -> Notifications.problem(why));
            return;
        }
        ui.access(() -> received.accept(name, bytes));
    }

    @Override
    public long getFileSizeMax() {
        return maxBytes;
    }

    @Override
    public long getRequestSizeMax() {
        return maxBytes + (64 << 10); // the multipart framing around the one file
    }

    /** The limit as a message gives it: in MiB when it is a whole number of them. */
    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }
}

package dev.mailover.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

/** Reads a recorded multipart/form-data request into its fields, in order. */
final class MultipartFields {

    /** One form field: its name, file name (null for a plain field), content type and body. */
    record Field(String name, String filename, String contentType, byte[] body) {
        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return name + (filename == null ? "=" + text() : "@" + filename);
        }
    }

    private MultipartFields() {
    }

    static List<Field> of(RecordedRequest request) throws IOException {
        MediaType type = MediaType.get(request.getHeaders().get("Content-Type"));
        List<Field> fields = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(request.getBody()), type.parameter("boundary"))) {
            MultipartReader.Part part;
            while ((part = reader.nextPart()) != null) {
                String disposition = part.headers().get("Content-Disposition");
                fields.add(new Field(param(disposition, "name"), param(disposition, "filename"),
                        part.headers().get("Content-Type"), part.body().readByteArray()));
            }
        }
        return fields;
    }

    private static String param(String disposition, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("; " + name + "=\"([^\"]*)\"").matcher(disposition);
        return m.find() ? m.group(1) : null;
    }
}

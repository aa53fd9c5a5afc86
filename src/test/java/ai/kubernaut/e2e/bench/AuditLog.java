package ai.kubernaut.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator's API requests, counted by the API server: its audit log (metadata level, one line per request at
 * ResponseComplete) filtered on the operator's user (its ServiceAccount, see {@link OperatorIdentity}). Read
 * incrementally; a request counts at the time the server received it.
 */
final class AuditLog {
  private static final String OPERATOR_USER = "\"username\":\"" + OperatorIdentity.USERNAME + "\"";

  record Request(Instant received, String verb, String resource, String namespace, int code) {}

  private final Path file;
  private final ObjectMapper json = new ObjectMapper();
  private final List<Request> requests = new ArrayList<>();
  private long offset;

  AuditLog(Path file) {
    this.file = file;
  }

  boolean available() {
    return file != null && Files.isReadable(file);
  }

  /** Operator requests received in [from, to). Reads what the server has written so far. */
  synchronized List<Request> between(Instant from, Instant to) {
    readNew();
    return requests.stream().filter(r -> !r.received().isBefore(from) && r.received().isBefore(to)).toList();
  }

  /** Requests by "verb resource", most frequent first. */
  static Map<String, Integer> breakdown(List<Request> requests) {
    Map<String, Integer> counts = new TreeMap<>();
    requests.forEach(r -> counts.merge(r.verb() + " " + r.resource(), 1, Integer::sum));
    Map<String, Integer> sorted = new java.util.LinkedHashMap<>();
    counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private void readNew() {
    if (!available()) {
      return;
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      if (length < offset) {
        offset = 0; // rotated or recreated
      }
      raf.seek(offset);
      byte[] buf = new byte[(int) Math.min(length - offset, Integer.MAX_VALUE - 16)];
      raf.readFully(buf);
      int start = 0;
      for (int i = 0; i < buf.length; i++) {
        if (buf[i] == '\n') {
          parse(new String(buf, start, i - start, StandardCharsets.UTF_8));
          start = i + 1;
        }
      }
      offset += start; // a partial last line is read again next time
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audit log " + file, e);
    }
  }

  private void parse(String line) {
    if (!line.contains(OPERATOR_USER)) {
      return;
    }
    try {
      JsonNode n = json.readTree(line);
      JsonNode ref = n.path("objectRef");
      String resource = ref.path("resource").asText("");
      String sub = ref.path("subresource").asText("");
      if (resource.isEmpty()) {
        resource = n.path("requestURI").asText("?");
      } else if (!sub.isEmpty()) {
        resource = resource + "/" + sub;
      }
      requests.add(new Request(Instant.parse(n.path("requestReceivedTimestamp").asText()), n.path("verb").asText(),
          resource, ref.path("namespace").asText(""), n.path("responseStatus").path("code").asInt()));
    } catch (IOException | RuntimeException e) {
      // a line we cannot read is not a request we can count
    }
  }
}

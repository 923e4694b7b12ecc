package io.surgewatch.streams.topology;

import io.surgewatch.events.v1.StatementEvent;
import io.surgewatch.events.v1.SurgeAlert;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** An input of the story stage: an alert transition or a statement, on one internal topic. */
record StoryEvent(SurgeAlert alert, StatementEvent statement) {
  static final String KEY = "stories";

  static Serde<StoryEvent> serde() {
    final Serde<SurgeAlert> alerts = InternalSerdes.avroBinary(SurgeAlert.class);
    final Serde<StatementEvent> statements = InternalSerdes.avroBinary(StatementEvent.class);
    return Serdes.serdeFrom((topic, e) -> {
      if (e == null) {
        return null;
      }
      final byte[] body = e.alert() != null ? alerts.serializer().serialize(topic, e.alert())
          : statements.serializer().serialize(topic, e.statement());
      final byte[] out = new byte[body.length + 1];
      out[0] = (byte) (e.alert() != null ? 'A' : 'S');
      System.arraycopy(body, 0, out, 1, body.length);
      return out;
    }, (topic, b) -> {
      if (b == null) {
        return null;
      }
      final byte[] body = java.util.Arrays.copyOfRange(b, 1, b.length);
      return b[0] == 'A' ? new StoryEvent(alerts.deserializer().deserialize(topic, body), null)
          : new StoryEvent(null, statements.deserializer().deserialize(topic, body));
    });
  }
}

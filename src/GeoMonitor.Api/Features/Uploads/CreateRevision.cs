using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GeoMonitor.Api.Features.Uploads;

/// <summary>
/// The changes of a 'create' revision: every stored field of the new report as {"from": null, "to": value}, absent
/// fields left out. One writer for the single and the batch upload, so that the history of a report does not depend on
/// the endpoint it came through; the batch writes 100,000 of them, hence a reusable buffer rather than a JSON tree.
/// </summary>
public sealed class CreateRevision
{
    // Stored as jsonb, which keeps the values and not the escapes: non-ASCII text (Arabic, Hebrew notes) is written as is.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    /// <summary>A writer with its own buffer (not thread-safe: one per batch).</summary>
    public CreateRevision() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>The changes of the revision that creates <paramref name="n"/>, as JSON text.</summary>
    public static string Of(NewIncident n) => new CreateRevision().Json(n);

    /// <summary>The changes of the revision that creates <paramref name="n"/>, as JSON text (the buffer is reused).</summary>
    public string Json(NewIncident n) => Encoding.UTF8.GetString(Utf8(n).Span);

    /// <summary>
    /// The changes of the revision that creates <paramref name="n"/>, as UTF-8 JSON in this writer's buffer: valid until the
    /// next call.
    /// </summary>
    public ReadOnlyMemory<byte> Utf8(NewIncident n)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        var w = _writer;
        w.WriteStartObject();
        To(w, IncidentFields.Source, n.Source);
        To(w, IncidentFields.ExternalId, n.ExternalId);
        To(w, IncidentFields.OccurredAt, n.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        To(w, IncidentFields.TimePrecision, n.TimePrecision);
        w.WriteStartObject(IncidentFields.Location);
        w.WriteNull("from");
        w.WriteStartObject("to");
        w.WriteNumber("lon", n.Lon);
        w.WriteNumber("lat", n.Lat);
        w.WriteString("raw", n.RawCoordinate);
        w.WriteString("rawCrs", n.RawCrs);
        w.WriteEndObject();
        w.WriteEndObject();
        To(w, IncidentFields.GeoPrecision, n.GeoPrecision);
        if (n.UncertaintyM is { } u) To(w, IncidentFields.UncertaintyM, u);
        To(w, IncidentFields.EventType, n.EventType);
        To(w, IncidentFields.SubEventType, n.SubEventType);
        To(w, IncidentFields.Actor1, n.Actor1);
        To(w, IncidentFields.Actor2, n.Actor2);
        To(w, IncidentFields.Fatalities, n.Fatalities);
        To(w, IncidentFields.LocationName, n.LocationName);
        To(w, IncidentFields.Notes, n.Notes);
        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenMemory;
    }

    private static void To(Utf8JsonWriter w, string field, string? value)
    {
        if (value is null) return;
        w.WriteStartObject(field);
        w.WriteNull("from");
        w.WriteString("to", value);
        w.WriteEndObject();
    }

    private static void To(Utf8JsonWriter w, string field, int value)
    {
        w.WriteStartObject(field);
        w.WriteNull("from");
        w.WriteNumber("to", value);
        w.WriteEndObject();
    }

    private static void To(Utf8JsonWriter w, string field, double value)
    {
        w.WriteStartObject(field);
        w.WriteNull("from");
        w.WriteNumber("to", value);
        w.WriteEndObject();
    }
}

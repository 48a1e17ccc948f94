using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// Writes NTS geometries and features as RFC 7946 GeoJSON to a <see cref="Utf8JsonWriter"/>, so
/// responses can be streamed. Positions are written x,y (lon,lat for WGS 84) and rounded to
/// <see cref="GeoJsonWriterOptions.Decimals"/>; exterior rings are written counter-clockwise and
/// holes clockwise whatever the input orientation; no <c>crs</c> member is written. Thread-safe.
/// </summary>
public sealed class GeoJsonWriter
{
    private const int FlushThresholdBytes = 16 * 1024;

    private readonly GeoJsonCoordinatesWriter _coordinates;

    /// <summary>Creates a writer.</summary>
    /// <param name="options">Rounding and dimension choices; <see cref="GeoJsonWriterOptions.Default"/> when null.</param>
    public GeoJsonWriter(GeoJsonWriterOptions? options = null)
    {
        Options = options ?? GeoJsonWriterOptions.Default;
        ArgumentOutOfRangeException.ThrowIfNegative(Options.Decimals, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Options.Decimals, 15, nameof(options));
        _coordinates = new GeoJsonCoordinatesWriter(Options);
    }

    /// <summary>The options in force.</summary>
    public GeoJsonWriterOptions Options { get; }

    /// <summary>Writes a geometry object, or JSON <c>null</c> for a null geometry.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="geometry">The geometry; its coordinates are written as they are (no reprojection).</param>
    /// <exception cref="ArgumentException">A coordinate is NaN or infinite.</exception>
    public void WriteGeometry(Utf8JsonWriter writer, Geometry? geometry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (geometry is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        switch (geometry)
        {
            case Point point:
                writer.WriteString("type", "Point");
                writer.WritePropertyName("coordinates");
                if (point.IsEmpty)
                {
                    writer.WriteStartArray();
                    writer.WriteEndArray();
                }
                else
                {
                    _coordinates.WritePosition(writer, point.CoordinateSequence, 0);
                }

                break;
            case LineString line:
                writer.WriteString("type", "LineString");
                writer.WritePropertyName("coordinates");
                _coordinates.WriteSequence(writer, line.CoordinateSequence);
                break;
            case Polygon polygon:
                writer.WriteString("type", "Polygon");
                writer.WritePropertyName("coordinates");
                _coordinates.WritePolygonRings(writer, polygon);
                break;
            case MultiPoint multiPoint:
                WriteMulti(writer, "MultiPoint", multiPoint, p => _coordinates.WritePosition(writer, ((Point)p).CoordinateSequence, 0));
                break;
            case MultiLineString multiLine:
                WriteMulti(writer, "MultiLineString", multiLine, l => _coordinates.WriteSequence(writer, ((LineString)l).CoordinateSequence));
                break;
            case MultiPolygon multiPolygon:
                WriteMulti(writer, "MultiPolygon", multiPolygon, p => _coordinates.WritePolygonRings(writer, (Polygon)p));
                break;
            case GeometryCollection collection:
                writer.WriteString("type", "GeometryCollection");
                writer.WriteStartArray("geometries");
                foreach (var member in collection.Geometries)
                {
                    WriteGeometry(writer, member);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Geometry type {geometry.GeometryType} has no GeoJSON equivalent.", nameof(geometry));
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a Feature object.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="feature">The feature.</param>
    public void WriteFeature(Utf8JsonWriter writer, GeoJsonFeature feature)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(feature);
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        if (feature.Id is { } id)
        {
            writer.WritePropertyName("id");
            if (id.IsNumber)
            {
                writer.WriteRawValue(id.Text);
            }
            else
            {
                writer.WriteStringValue(id.Text);
            }
        }

        writer.WritePropertyName("geometry");
        WriteGeometry(writer, feature.Geometry);
        writer.WritePropertyName("properties");
        if (feature.Properties is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            feature.Properties.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a FeatureCollection object.</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="features">The features, written in order.</param>
    public void WriteFeatureCollection(Utf8JsonWriter writer, IEnumerable<GeoJsonFeature> features)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(features);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        foreach (var feature in features)
        {
            WriteFeature(writer, feature);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a FeatureCollection from an asynchronous source, flushing the writer as it goes so a
    /// large response is streamed rather than buffered.
    /// </summary>
    /// <param name="writer">The destination.</param>
    /// <param name="features">The features, written in order.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the collection has been written and flushed.</returns>
    public async Task WriteFeatureCollectionAsync(
        Utf8JsonWriter writer, IAsyncEnumerable<GeoJsonFeature> features, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(features);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteStartArray("features");
        await foreach (var feature in features.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            WriteFeature(writer, feature);
            if (writer.BytesPending > FlushThresholdBytes)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns a geometry as a GeoJSON string (for small payloads and tests).</summary>
    /// <param name="geometry">The geometry.</param>
    /// <returns>Compact JSON text.</returns>
    public string ToJson(Geometry? geometry) => Render(w => WriteGeometry(w, geometry));

    /// <summary>Returns a feature as a GeoJSON string.</summary>
    /// <param name="feature">The feature.</param>
    /// <returns>Compact JSON text.</returns>
    public string ToJson(GeoJsonFeature feature) => Render(w => WriteFeature(w, feature));

    /// <summary>Returns features as a GeoJSON FeatureCollection string.</summary>
    /// <param name="features">The features.</param>
    /// <returns>Compact JSON text.</returns>
    public string ToJson(IEnumerable<GeoJsonFeature> features) => Render(w => WriteFeatureCollection(w, features));

    private static void WriteMulti(Utf8JsonWriter writer, string type, GeometryCollection multi, Action<Geometry> writeMember)
    {
        writer.WriteString("type", type);
        writer.WriteStartArray("coordinates");
        foreach (var member in multi.Geometries)
        {
            if (!member.IsEmpty)
            {
                writeMember(member);
            }
        }

        writer.WriteEndArray();
    }

    private static string Render(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

using System.Text.Json;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace GeoMonitor.Geo.GeoJson;

/// <summary>
/// Strict RFC 7946 reader producing NTS geometries with SRID 4326. Input that is not valid GeoJSON,
/// not WGS 84, or over the configured limits raises <see cref="GeoJsonException"/> naming the JSON
/// path. Parsing is iterative (System.Text.Json) with a depth limit, so hostile nesting cannot
/// exhaust the stack. Unknown ("foreign") members and <c>bbox</c> are ignored. Thread-safe.
/// </summary>
public sealed class GeoJsonReader
{
    private readonly GeometryFactory _factory =
        NtsGeometryServices.Instance.CreateGeometryFactory(Crs.CrsRegistry.Wgs84);

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Limits; <see cref="GeoJsonReaderOptions.Default"/> when null.</param>
    public GeoJsonReader(GeoJsonReaderOptions? options = null)
    {
        Options = options ?? GeoJsonReaderOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxVertices, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxDepth, 1, nameof(options));
    }

    /// <summary>The limits in force.</summary>
    public GeoJsonReaderOptions Options { get; }

    /// <summary>Reads a GeoJSON geometry object.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The geometry, SRID 4326.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public Geometry ReadGeometry(string json) => WithDocument(json, e => NewReader().ReadGeometry(e, JsonPathNode.Root, 1));

    /// <summary>Reads a GeoJSON geometry object.</summary>
    /// <param name="utf8Json">UTF-8 JSON bytes.</param>
    /// <returns>The geometry, SRID 4326.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public Geometry ReadGeometry(ReadOnlyMemory<byte> utf8Json) =>
        WithDocument(utf8Json, e => NewReader().ReadGeometry(e, JsonPathNode.Root, 1));

    /// <summary>Reads a GeoJSON geometry object that has already been parsed.</summary>
    /// <param name="element">The geometry object.</param>
    /// <returns>The geometry, SRID 4326.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public Geometry ReadGeometry(JsonElement element) => NewReader().ReadGeometry(element, JsonPathNode.Root, 1);

    /// <summary>Reads a GeoJSON Feature.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The feature.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public GeoJsonFeature ReadFeature(string json) => WithDocument(json, e => NewReader().ReadFeature(e, JsonPathNode.Root));

    /// <summary>Reads a GeoJSON Feature.</summary>
    /// <param name="utf8Json">UTF-8 JSON bytes.</param>
    /// <returns>The feature.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public GeoJsonFeature ReadFeature(ReadOnlyMemory<byte> utf8Json) =>
        WithDocument(utf8Json, e => NewReader().ReadFeature(e, JsonPathNode.Root));

    /// <summary>Reads a GeoJSON Feature that has already been parsed.</summary>
    /// <param name="element">The Feature object.</param>
    /// <returns>The feature.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public GeoJsonFeature ReadFeature(JsonElement element) => NewReader().ReadFeature(element, JsonPathNode.Root);

    /// <summary>Reads a GeoJSON FeatureCollection.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The features, in document order.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public IReadOnlyList<GeoJsonFeature> ReadFeatureCollection(string json) =>
        WithDocument(json, e => NewReader().ReadFeatureCollection(e, JsonPathNode.Root));

    /// <summary>Reads a GeoJSON FeatureCollection.</summary>
    /// <param name="utf8Json">UTF-8 JSON bytes.</param>
    /// <returns>The features, in document order.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public IReadOnlyList<GeoJsonFeature> ReadFeatureCollection(ReadOnlyMemory<byte> utf8Json) =>
        WithDocument(utf8Json, e => NewReader().ReadFeatureCollection(e, JsonPathNode.Root));

    /// <summary>Reads a GeoJSON FeatureCollection that has already been parsed.</summary>
    /// <param name="element">The FeatureCollection object.</param>
    /// <returns>The features, in document order.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public IReadOnlyList<GeoJsonFeature> ReadFeatureCollection(JsonElement element) =>
        NewReader().ReadFeatureCollection(element, JsonPathNode.Root);

    /// <summary>
    /// Reads any GeoJSON document as a list of features: a FeatureCollection gives its features, a
    /// Feature gives itself and a bare geometry becomes one feature without properties. Suits uploads
    /// that accept all three.
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The features.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public IReadOnlyList<GeoJsonFeature> ReadFeatures(string json) => WithDocument(json, e => NewReader().ReadAny(e));

    /// <summary>Reads any GeoJSON document as a list of features; see <see cref="ReadFeatures(string)"/>.</summary>
    /// <param name="utf8Json">UTF-8 JSON bytes.</param>
    /// <returns>The features.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public IReadOnlyList<GeoJsonFeature> ReadFeatures(ReadOnlyMemory<byte> utf8Json) =>
        WithDocument(utf8Json, e => NewReader().ReadAny(e));

    /// <summary>Reads any already-parsed GeoJSON object as a list of features; see <see cref="ReadFeatures(string)"/>.</summary>
    /// <param name="element">The GeoJSON object.</param>
    /// <returns>The features.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public IReadOnlyList<GeoJsonFeature> ReadFeatures(JsonElement element) => NewReader().ReadAny(element);

    /// <summary>Reads any GeoJSON document from a stream without blocking; see <see cref="ReadFeatures(string)"/>.</summary>
    /// <param name="utf8Json">A stream of UTF-8 JSON; not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The features.</returns>
    /// <exception cref="GeoJsonException">The input is invalid.</exception>
    public async Task<IReadOnlyList<GeoJsonFeature>> ReadFeaturesAsync(
        Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(utf8Json, DocumentOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw FromJsonException(ex);
        }

        using (document)
        {
            return NewReader().ReadAny(document.RootElement);
        }
    }

    private JsonDocumentOptions DocumentOptions => new()
    {
        MaxDepth = Options.MaxDepth,
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private GeoJsonElementReader NewReader() => new(Options, _factory);

    private T WithDocument<T>(string json, Func<JsonElement, T> read)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = Parse(() => JsonDocument.Parse(json, DocumentOptions));
        return read(document.RootElement);
    }

    private T WithDocument<T>(ReadOnlyMemory<byte> utf8Json, Func<JsonElement, T> read)
    {
        using var document = Parse(() => JsonDocument.Parse(utf8Json, DocumentOptions));
        return read(document.RootElement);
    }

    private static JsonDocument Parse(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException ex)
        {
            throw FromJsonException(ex);
        }
    }

    private static GeoJsonException FromJsonException(JsonException ex)
    {
        var message = ex.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
            ? "JSON is nested too deeply"
            : "Invalid JSON";
        return new GeoJsonException($"{message}: {ex.Message}", ex.Path ?? "$", ex);
    }
}

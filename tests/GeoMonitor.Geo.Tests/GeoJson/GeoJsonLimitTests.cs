using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoMonitor.Geo.GeoJson;

namespace GeoMonitor.Geo.Tests.GeoJson;

public class GeoJsonLimitTests
{
    [Fact]
    public void Deep_array_nesting_is_rejected_without_overflowing_the_stack()
    {
        var json = new string('[', 200_000) + new string(']', 200_000);

        var ex = Assert.Throws<GeoJsonException>(() => new GeoJsonReader().ReadGeometry(json));

        Assert.Contains("nested too deeply", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_geometry_collection_nesting_is_rejected_without_overflowing_the_stack()
    {
        var json = NestedCollections(50_000);

        var ex = Assert.Throws<GeoJsonException>(() => new GeoJsonReader().ReadGeometry(json));

        Assert.Contains("nested too deeply", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Depth_is_bounded_even_for_a_caller_parsed_element()
    {
        using var document = JsonDocument.Parse(NestedCollections(500), new JsonDocumentOptions { MaxDepth = 2_000 });

        var ex = Assert.Throws<GeoJsonException>(() => new GeoJsonReader().ReadGeometry(document.RootElement));

        Assert.Contains("Geometry nesting is deeper than 64", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_depth_is_configurable()
    {
        var json = NestedCollections(3);
        var strict = new GeoJsonReader(new GeoJsonReaderOptions { MaxDepth = 4 });

        Assert.NotNull(new GeoJsonReader().ReadGeometry(json));
        Assert.Throws<GeoJsonException>(() => strict.ReadGeometry(json));
    }

    [Fact]
    public void Vertex_limit_counts_across_the_whole_document()
    {
        var reader = new GeoJsonReader(new GeoJsonReaderOptions { MaxVertices = 5 });
        const string threeEach = """{"type":"Feature","geometry":{"type":"LineString","coordinates":[[35,33],[35.1,33.1],[35.2,33.2]]},"properties":null}""";

        Assert.Single(reader.ReadFeatures($$"""{"type":"FeatureCollection","features":[{{threeEach}}]}"""));
        var ex = Assert.Throws<GeoJsonException>(() =>
            reader.ReadFeatures($$"""{"type":"FeatureCollection","features":[{{threeEach}},{{threeEach}}]}"""));
        Assert.Contains("Too many vertices: the limit is 5", ex.Problem, StringComparison.Ordinal);
        Assert.Equal("$.features[1].geometry.coordinates[2]", ex.Path);
    }

    [Fact]
    public void Default_vertex_limit_is_100000()
    {
        var reader = new GeoJsonReader();

        Assert.Equal(100_000, reader.Options.MaxVertices);
        Assert.Equal(100_000, reader.ReadGeometry(LineWith(100_000)).NumPoints);
        Assert.Throws<GeoJsonException>(() => reader.ReadGeometry(LineWith(100_001)));
    }

    [Fact]
    public void Nonsensical_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoJsonReader(new GeoJsonReaderOptions { MaxVertices = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeoJsonReader(new GeoJsonReaderOptions { MaxDepth = 0 }));
    }

    private static string NestedCollections(int levels)
    {
        var json = new StringBuilder();
        for (var i = 0; i < levels; i++)
        {
            json.Append("""{"type":"GeometryCollection","geometries":[""");
        }

        json.Append("""{"type":"Point","coordinates":[35,33]}""");
        for (var i = 0; i < levels; i++)
        {
            json.Append("]}");
        }

        return json.ToString();
    }

    private static string LineWith(int vertices)
    {
        var json = new StringBuilder("""{"type":"LineString","coordinates":[""");
        for (var i = 0; i < vertices; i++)
        {
            json.Append(i == 0 ? "[" : ",[")
                .Append((35 + (i * 1e-6)).ToString("R", CultureInfo.InvariantCulture))
                .Append(",33]");
        }

        return json.Append("]}").ToString();
    }
}

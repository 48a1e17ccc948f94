using GeoMonitor.GraphQL.Utilities;

namespace GeoMonitor.GraphQL.Tests.Types;

public class SchemaPrinterTests
{
    [Fact]
    public void Printed_schema_rebuilds_to_the_same_sdl()
    {
        var schema = TestSchema.Build();
        var sdl = SchemaPrinter.Print(schema);
        Assert.Contains("interface Pet implements Node {", sdl);
        Assert.Contains("scalar DateTime @specifiedBy(url: \"https://tools.ietf.org/html/rfc3339\")", sdl);
        Assert.Contains("  BIRD @deprecated(reason: \"no birds\")", sdl);
        Assert.Contains("  pets(species: Species, first: Int = 10): [Pet!]!", sdl);
        Assert.DoesNotContain("__Schema", sdl);
        Assert.Equal(sdl, SchemaPrinter.Print(SchemaBuilder.FromSdl(sdl).Build()));
    }

    [Fact]
    public void Non_conventional_roots_and_descriptions_are_printed()
    {
        var sdl = SchemaPrinter.Print(SchemaBuilder.FromSdl("""
            schema { query: Root }
            "A long description that goes on and on and on and certainly passes seventy characters."
            type Root { "short" a(
              "arg doc"
              x: Int = 1): Int }
            directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT
            """).Build());
        Assert.Equal(""""
            schema {
              query: Root
            }

            directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT

            """
            A long description that goes on and on and on and certainly passes seventy characters.
            """
            type Root {
              "short"
              a(
                "arg doc"
                x: Int = 1
              ): Int
            }

            """".Replace("\r\n", "\n"), sdl);
    }
}

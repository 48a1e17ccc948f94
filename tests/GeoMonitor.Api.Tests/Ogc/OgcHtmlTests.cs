using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GeoMonitor.Api.Tests.Infrastructure;

namespace GeoMonitor.Api.Tests.Ogc;

/// <summary>
/// The HTML encoding of /ogc: chosen by f=html or by a browser's Accept header (JSON stays the default for every other
/// client), made from the same JSON answer, escaped. The click-through in Chromium is tests/web/ogc-html.test.mjs.
/// </summary>
public sealed class OgcHtmlTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string Browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private async Task<HttpResponseMessage> Get(string url, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await api.CreateClient().SendAsync(request);
    }

    [Theory]
    [InlineData("/ogc", Browser, "text/html")]
    [InlineData("/ogc/collections/incidents/items", Browser, "text/html")]
    [InlineData("/ogc/collections/zones/items/1", "text/html", "text/html")]
    [InlineData("/ogc", null, "application/json")]
    [InlineData("/ogc", "*/*", "application/json")]
    [InlineData("/ogc/collections/incidents/items", "application/geo+json, application/json", "application/geo+json")] // GDAL
    [InlineData("/ogc/collections/incidents/items", "application/json;q=1, text/html;q=0.5", "application/geo+json")]
    [InlineData("/ogc/collections/incidents/items?f=json", Browser, "application/geo+json")]
    [InlineData("/ogc/collections/incidents/queryables?f=html", null, "text/html")]
    [InlineData("/ogc/conformance?f=html", "application/json", "text/html")]
    [InlineData("/ogc/api", Browser, "application/vnd.oai.openapi+json")]
    public async Task The_encoding_is_f_then_a_browser_accept_header_else_json(string url, string? accept, string mediaType)
    {
        var res = await Get(url, accept);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(mediaType, res.Content.Headers.ContentType!.MediaType);
        if (!url.StartsWith("/ogc/api", StringComparison.Ordinal)) Assert.Contains("Accept", res.Headers.Vary);
    }

    [Fact]
    public async Task An_html_page_of_items_lists_the_same_features_as_its_json_and_links_the_next_page_in_html()
    {
        var json = JsonDocument.Parse(await (await Get("/ogc/collections/incidents/items?limit=7&sortby=-fatalities")).Content.ReadAsStringAsync()).RootElement;
        var res = await Get("/ogc/collections/incidents/items?limit=7&sortby=-fatalities&f=html");
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal("text/html", res.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("default-src 'self'", res.Headers.GetValues("Content-Security-Policy").Single());
        var rows = System.Text.RegularExpressions.Regex.Matches(html, "<tr data-id=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(json.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()), rows);
        var next = json.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "next").GetProperty("href").GetString()!;
        Assert.Contains("id=\"next\" rel=\"next\" href=\"" + System.Text.Encodings.Web.HtmlEncoder.Default.Encode(next + "&f=html") + "\"", html);
        // Every address the page loads or links is this API's, but the licence's.
        var origin = new Uri(next).GetLeftPart(UriPartial.Authority);
        var addresses = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(addresses);
        Assert.All(addresses.Where(a => !a.Contains("creativecommons.org", StringComparison.Ordinal) && a != "data:,"),
            a => Assert.StartsWith(origin + "/", a));
    }

    [Fact]
    public async Task User_text_is_html_encoded_in_the_table_the_feature_page_and_the_map_data()
    {
        const string notes = "</script><img src=x onerror=alert(1)> & \"quoted\" 'single' — الخيام";
        var id = await HandPlaced.InsertAsync(api, "html-enc", "h1", 35.5, 33.2, DateTimeOffset.Parse("2024-05-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using (var cmd = api.Db.CreateCommand("UPDATE incidents SET notes = $1, location_name = $1 WHERE id = $2"))
        {
            cmd.Parameters.AddWithValue(notes);
            cmd.Parameters.AddWithValue(id);
            await cmd.ExecuteNonQueryAsync();
        }
        foreach (var url in new[] { $"/ogc/collections/incidents/items/{id}?f=html", "/ogc/collections/incidents/items?source=html-enc&f=html" })
        {
            var html = await (await Get(url)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("<img src=x", html);
            Assert.DoesNotContain("</script><img", html);
            Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#x27;single&#x27; — الخيام", html);
            // Exactly the script elements the page itself writes: the map data and the map module.
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(html, "</script>").Count);
        }
    }

    [Fact]
    public async Task A_bad_parameter_on_an_html_page_is_still_a_problem()
    {
        var res = await Get("/ogc/collections/incidents/items?f=html&filter=" + Uri.EscapeDataString("fatalities >"));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        res = await Get("/ogc?f=xml");
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
    }
}

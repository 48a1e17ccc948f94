using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;

namespace GeoMonitor.Api.GraphQL.Http;

/// <summary>
/// Serves the GraphiQL page and its script and style files from local disk: no CDN is contacted at run time.
/// The large npm bundles are produced by scripts/build-graphiql.sh; only index.html is kept in the repository.
/// </summary>
internal sealed class GraphiQLAssets(string? configuredDirectory, string endpointPath)
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private string? _directory;

    public async Task ServePageAsync(HttpContext http)
    {
        var directory = Locate(http);
        var index = directory is null ? null : Path.Combine(directory, "index.html");
        if (index is null || !File.Exists(index))
        {
            await NotInstalledAsync(http);
            return;
        }
        var html = await File.ReadAllTextAsync(index, http.RequestAborted);
        // The page needs to know where the endpoint and its assets live, which depends on the mapped path.
        html = html.Replace("{{ENDPOINT}}", endpointPath, StringComparison.Ordinal)
            .Replace("{{ASSETS}}", endpointPath.TrimEnd('/') + "/graphiql", StringComparison.Ordinal);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(html, http.RequestAborted);
    }

    public async Task ServeAssetAsync(HttpContext http, string? file)
    {
        var directory = Locate(http);
        if (directory is null || string.IsNullOrEmpty(file) || file.Contains("..", StringComparison.Ordinal) || file.Contains('\\'))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        var path = Path.GetFullPath(Path.Combine(directory, file));
        if (!path.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal) || !File.Exists(path) || file.EndsWith(".html", StringComparison.Ordinal))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        http.Response.ContentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        http.Response.Headers.CacheControl = "public, max-age=86400";
        await http.Response.SendFileAsync(path, http.RequestAborted);
    }

    private string? Locate(HttpContext http)
    {
        if (_directory is not null) return _directory;
        var environment = http.RequestServices.GetService<IWebHostEnvironment>();
        var candidates = new[]
        {
            configuredDirectory,
            environment?.WebRootPath is { } webRoot ? Path.Combine(webRoot, "graphiql") : null,
            Path.Combine(AppContext.BaseDirectory, "wwwroot", "graphiql"),
        };
        _directory = candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "index.html")));
        return _directory;
    }

    private static async Task NotInstalledAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("GraphiQL is not installed. Run scripts/build-graphiql.sh to build it into wwwroot/graphiql.", http.RequestAborted);
    }
}

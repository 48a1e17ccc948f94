using GeoMonitor.Api.Infrastructure.Errors;

namespace GeoMonitor.Api.Features.Common;

/// <summary>A query parameter the client sent is malformed, out of range or unknown: a 400 naming it.</summary>
public sealed class QueryParameterException(string parameter, string detail) : Exception(detail)
{
    /// <summary>The offending parameter.</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>A slug or id the client named does not exist: a 404 naming the parameter.</summary>
public sealed class ResourceNotFoundException(string parameter, string detail, IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail)
{
    /// <summary>The parameter (or route value) that named it.</summary>
    public string Parameter { get; } = parameter;

    /// <summary>More members of the problem (e.g. the earliest version of a layer asked about before it existed).</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; } = extensions;
}

/// <summary>The request needs a key with a higher role: a 401 (anonymous) problem.</summary>
public sealed class KeyRequiredException(string parameter, string detail) : Exception(detail)
{
    /// <summary>The parameter that asked for more than an anonymous caller may read.</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>
/// A keyed caller asked for what its organisation may not read (an incident held for verification that it takes no part
/// in): a 403 naming the parameter — the keyed counterpart of <see cref="KeyRequiredException"/>.
/// </summary>
public sealed class ReadForbiddenException(string parameter, string detail) : Exception(detail)
{
    /// <summary>The parameter that asked for more than the caller may read.</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>The problem responses of the read API, and an endpoint filter that turns the exceptions above into them.</summary>
public static class ReadProblems
{
    /// <summary>Problem type of a bad parameter.</summary>
    public const string InvalidParameter = ProblemSetup.TypeBase + "invalid-parameter";

    /// <summary>Problem type of an unknown slug or id.</summary>
    public const string NotFound = ProblemSetup.TypeBase + "not-found";

    /// <summary>Problem type of a read that needs a key.</summary>
    public const string KeyRequired = ProblemSetup.TypeBase + "key-required";

    /// <summary>Problem type of a read the caller's organisation may not make.</summary>
    public const string NotInProcess = ProblemSetup.TypeBase + "not-in-process";

    /// <summary>400 naming <paramref name="parameter"/>.</summary>
    public static IResult BadParameter(string parameter, string detail) =>
        Results.Problem(statusCode: 400, title: "Invalid parameter", type: InvalidParameter, detail: detail,
            extensions: new Dictionary<string, object?> { ["parameter"] = parameter });

    /// <summary>404 naming <paramref name="parameter"/>.</summary>
    public static IResult NotFoundProblem(string parameter, string detail, IReadOnlyDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?> { ["parameter"] = parameter };
        foreach (var (k, v) in more ?? new Dictionary<string, object?>()) extensions[k] = v;
        return Results.Problem(statusCode: 404, title: "Not found", type: NotFound, detail: detail, extensions: extensions);
    }

    /// <summary>Adds the filter to every endpoint of <paramref name="group"/>.</summary>
    public static TBuilder WithReadProblems<TBuilder>(this TBuilder group) where TBuilder : IEndpointConventionBuilder
    {
        group.AddEndpointFilter(async (ctx, next) =>
        {
            try
            {
                return await next(ctx);
            }
            catch (QueryParameterException e)
            {
                return BadParameter(e.Parameter, e.Message);
            }
            catch (ResourceNotFoundException e)
            {
                return NotFoundProblem(e.Parameter, e.Message, e.Extensions);
            }
            catch (KeyRequiredException e)
            {
                ctx.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem(statusCode: 401, title: "Key required", type: KeyRequired, detail: e.Message,
                    extensions: new Dictionary<string, object?> { ["parameter"] = e.Parameter });
            }
            catch (ReadForbiddenException e)
            {
                return Results.Problem(statusCode: 403, title: "Forbidden", type: NotInProcess, detail: e.Message,
                    extensions: new Dictionary<string, object?> { ["parameter"] = e.Parameter });
            }
        });
        return group;
    }
}

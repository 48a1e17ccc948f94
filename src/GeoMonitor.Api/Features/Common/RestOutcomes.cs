using GeoMonitor.Api.Infrastructure.Errors;

namespace GeoMonitor.Api.Features.Common;

/// <summary>The REST adapter's half of every use case: a <see cref="Refusal"/> as a status and problem+json.</summary>
public static class RestOutcomes
{
    /// <summary>The problem response for <paramref name="why"/> (the detail is the refusal's message).</summary>
    public static IResult Problem(this Refusal why, HttpContext? http = null)
    {
        switch (why)
        {
            case Refusal.KeyRequired k:
                if (http is not null) http.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", type: ProblemSetup.TypeBase + "unauthorized",
                    detail: k.Detail, extensions: k.Field is null ? null : new Dictionary<string, object?> { ["parameter"] = k.Field });
            case Refusal.Forbidden f:
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: ProblemSetup.TypeBase + f.Code, detail: f.Detail);
            case Refusal.NotFound n:
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemSetup.TypeBase + "not-found",
                    detail: n.Detail, extensions: n.Field is null ? null : new Dictionary<string, object?> { ["parameter"] = n.Field });
            case Refusal.BadParameter b:
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", type: ProblemSetup.TypeBase + "invalid-parameter",
                    detail: b.Detail, extensions: new Dictionary<string, object?> { ["parameter"] = b.Field });
            case Refusal.Invalid i:
                return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Unprocessable content", type: ProblemSetup.TypeBase + i.Code,
                    detail: i.Detail, extensions: new Dictionary<string, object?> { ["errors"] = i.Errors.Select(Shape).ToList() });
            case Refusal.Stale s:
                // If-Match carried the version (RFC 9110 §13.1.1): the current one goes back as the ETag to retry with.
                if (http is not null) http.Response.Headers.ETag = $"\"{s.CurrentVersion}\"";
                return Results.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed", type: ProblemSetup.TypeBase + "stale-version",
                    detail: s.Detail, extensions: new Dictionary<string, object?> { ["currentVersion"] = s.CurrentVersion, ["parameter"] = "If-Match" });
            case Refusal.Conflict c:
                var ext = new Dictionary<string, object?>(c.Details);
                if (c.Field is not null) ext["parameter"] = c.Field;
                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemSetup.TypeBase + c.Code, detail: c.Detail, extensions: ext);
            default:
                throw new ArgumentOutOfRangeException(nameof(why), why, "An unknown refusal.");
        }
    }

    /// <summary>One field error as the problem's <c>errors</c> member: {row, line, field, message} (row and line when known).</summary>
    public static Dictionary<string, object?> Shape(FieldError e)
    {
        var d = new Dictionary<string, object?>();
        if (e.Row is not null) d["row"] = e.Row;
        if (e.Line is not null) d["line"] = e.Line;
        d["field"] = e.Field;
        d["message"] = e.Message;
        return d;
    }
}

using System.Text.Json;
using GeoMonitor.Api.Features.Common;
using GeoMonitor.Api.Features.Uploads;
using GeoMonitor.Api.Infrastructure.Auth;

namespace GeoMonitor.Api.Features.Verification;

/// <summary>
/// The clarification hotline, whichever surface it came through (POST /api/clarifications, /{id}/answer, /{id}/close;
/// requestClarification, answerClarification, closeClarification): a party asks about an incident or a place and time, a
/// duty officer (role reviewer or above) answers, the asker's organisation or a duty officer closes it. Parties see their
/// own organisation's requests; duty officers see every one. The log keeps who asked, when, and how long the answer took.
/// </summary>
public sealed class Hotline(ClarificationStore store)
{
    /// <summary>The role a caller needs to ask (or close their organisation's request).</summary>
    public const Role AskRole = Role.Reporter;

    /// <summary>The role of a duty officer: answers, closes and reads every request.</summary>
    public const Role DutyRole = Role.Reviewer;

    /// <summary>The role a caller needs to read the log (their organisation's part of it).</summary>
    public const Role ReadRole = Role.Reader;

    /// <summary>The statuses of a request.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["open", "answered", "closed"];

    /// <summary>The organisation whose requests <paramref name="caller"/> sees; null: every request (a duty officer).</summary>
    public static string? Scope(Caller caller) => caller.Role >= DutyRole ? null : caller.Organisation ?? "";

    /// <summary>
    /// A new request from {incidentId, question} or {lon, lat, at, question}. Refused: the role; a body that names neither
    /// or both an incident and a place; an incident that does not exist (422) or that the caller may not read (403).
    /// </summary>
    public async Task<Outcome<Clarification>> RequestAsync(Caller caller, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(AskRole) is { } no) return no;
        var errors = new List<FieldError>();
        var b = BodyFields.Read(body, errors, "a clarification request", "incidentId", "lon", "lat", "at", "question");
        var question = b?.Text("question", required: true, max: VerificationWorkflow.MaxText);
        var incidentId = b?.Id("incidentId");
        var lon = b?.Number("lon", -180, 180);
        var lat = b?.Number("lat", -90, 90);
        var at = b?.Instant("at");
        ClarificationPlace? place = null;
        if (b is not null)
        {
            var placeGiven = b.Has("lon") || b.Has("lat") || b.Has("at");
            if (b.Has("incidentId") == placeGiven)
                errors.Add(new FieldError(null, "incidentId", "name either an incident (incidentId) or a place and time (lon, lat, at), not both"));
            else if (placeGiven)
            {
                foreach (var f in new[] { "lon", "lat", "at" })
                    if (!b.Has(f)) errors.Add(new FieldError(null, f, "is required with a place (lon, lat, at)"));
                if (lon is { } x && lat is { } y && at is { } t) place = new ClarificationPlace(x, y, t);
            }
        }
        if (errors.Count > 0) return Invalid(errors, "The clarification request is not valid; nothing was stored.");

        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            if (incidentId is { } id)
            {
                var incident = await IncidentWriteStore.ReadByIdAsync(conn, tx, id, ct);
                if (incident is null) return Invalid([new FieldError(null, "incidentId", $"there is no incident {id}")], "The clarification request is not valid; nothing was stored.");
                var team = incident.Verification.AssignedTeam is { } slug ? await VerificationStore.TeamAsync(conn, tx, slug, ct) : null;
                if (!VerificationWorkflow.MayRead(incident, VerificationWorkflow.PartiesOf(caller, incident, team)))
                    return new Refusal.Forbidden($"Incident {id} is not published and organisation '{caller.Organisation}' takes no part in its verification; "
                        + "ask about its place and time instead.", "not-in-process");
            }
            var newId = await ClarificationStore.InsertAsync(conn, tx, caller.KeyName!, caller.Organisation!, incidentId, place, question!, ct);
            await tx.CommitAsync(ct);
            return new Outcome<Clarification>.Created((await store.GetAsync(newId, null, ct))!);
        }
    }

    /// <summary>A duty officer's answer {answer} to an open request; 409 when it is no longer open.</summary>
    public async Task<Outcome<Clarification>> AnswerAsync(Caller caller, long id, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(DutyRole) is { } no) return no;
        var errors = new List<FieldError>();
        var answer = BodyFields.Read(body, errors, "an answer", "answer")?.Text("answer", required: true, max: VerificationWorkflow.MaxText);
        if (errors.Count > 0) return Invalid(errors, "The answer is not valid; nothing was stored.");
        return await ChangeAsync(caller, id, "answer", ["open"], (conn, tx, c) => ClarificationStore.AnswerAsync(conn, tx, id, answer!, caller.KeyName!, caller.Organisation!, c), ct);
    }

    /// <summary>Closes a request {note}: by the asking organisation or a duty officer; 409 when it is closed already.</summary>
    public async Task<Outcome<Clarification>> CloseAsync(Caller caller, long id, JsonElement body, CancellationToken ct)
    {
        if (caller.Require(AskRole) is { } no) return no;
        var errors = new List<FieldError>();
        var note = BodyFields.Read(body, errors, "a closing note", "note")?.Text("note", max: VerificationWorkflow.MaxText);
        if (errors.Count > 0) return Invalid(errors, "The closing note is not valid; nothing was stored.");
        return await ChangeAsync(caller, id, "close", ["open", "answered"], (conn, tx, c) => ClarificationStore.CloseAsync(conn, tx, id, caller.KeyName!, note, c), ct);
    }

    private async Task<Outcome<Clarification>> ChangeAsync(Caller caller, long id, string what, string[] from,
        Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, CancellationToken, Task> write, CancellationToken ct)
    {
        var (conn, tx) = await store.BeginAsync(ct);
        await using (conn)
        await using (tx)
        {
            var current = await ClarificationStore.LockAsync(conn, tx, id, ct);
            if (current is null) return new Refusal.NotFound($"No clarification request with id {id}.", "id");
            if (Scope(caller) is { } org && current.AskedByOrganisation != org)
                return new Refusal.Forbidden($"Clarification request {id} was asked by {current.AskedByOrganisation}; only that organisation and duty officers "
                    + "(role reviewer or above) act on it.", "not-your-request");
            if (!from.Contains(current.Status))
                return new Refusal.Conflict($"Clarification request {id} is {current.Status}; only {string.Join(" or ", from)} requests can be {(what == "answer" ? "answered" : "closed")}.",
                    "invalid-transition", new Dictionary<string, object?> { ["currentState"] = current.Status, ["allowedNext"] = Next(current.Status) });
            await write(conn, tx, ct);
            await tx.CommitAsync(ct);
            return new Outcome<Clarification>.Changed((await store.GetAsync(id, null, ct))!);
        }
    }

    /// <summary>What may follow a request's status.</summary>
    public static List<string> Next(string status) => status switch
    {
        "open" => ["answer", "close"],
        "answered" => ["close"],
        _ => [],
    };

    private static Refusal Invalid(List<FieldError> errors, string detail) => new Refusal.Invalid(errors, detail, "invalid-clarification");
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Deployer.Tests.Promotions;

/// <summary>
/// Beta to prod on the real engine, registry and broker, with two real deployers: what qualifies after its soak time reaches prod,
/// what fails in beta never does, an approval is a command that promotes once, and a rollback on command holds.
/// </summary>
[Collection(DeployerCollection.Name)]
public sealed class PromotionTests(DeployerFixture fixture)
{
    private static readonly TimeSpan Rollout = TimeSpan.FromSeconds(40);
    private const string Commit1 = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Commit2 = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    [Fact(Timeout = 150_000)]
    public async Task A_digest_that_fails_in_beta_never_reaches_prod_and_a_good_one_reaches_it_after_its_soak_time()
    {
        await using var environments = await TwoEnvironments.StartAsync(fixture, "{ from: BETA, after: 3s }");

        await environments.AnnounceAsync(fixture.Images.V1, Commit1);
        var soaking = await Eventually.WaitAsync(_ => environments.WebStateAsync(environments.ProdApi),
            state => state.GetProperty("promotion").GetProperty("waiting").ValueKind == JsonValueKind.Object, Rollout, "prod to see v1 soak in beta");
        await environments.WaitServingAsync(environments.Prod, fixture.Images.V1, Rollout);

        // While it soaked, prod said which digest waits, why and until when.
        Assert.Equal("waiting", soaking.GetProperty("promotion").GetProperty("state").GetString());
        var waited = soaking.GetProperty("promotion").GetProperty("waiting");
        Assert.Equal((fixture.Images.V1, "soaking"), (waited.GetProperty("digest").GetString(), waited.GetProperty("verdict").GetString()));
        Assert.NotEqual(JsonValueKind.Null, waited.GetProperty("qualifiesAt").ValueKind);

        await environments.AnnounceAsync(fixture.Images.Unhealthy, Commit2);
        var failed = await Eventually.WaitAsync(_ => environments.WebStateAsync(environments.ProdApi),
            state => state.GetProperty("promotion").GetProperty("waiting") is { ValueKind: JsonValueKind.Object } w && w.GetProperty("digest").GetString() == fixture.Images.Unhealthy,
            Rollout, "prod to name the unhealthy digest as the one that waits");
        // Well past its soak time, the unhealthy digest is still not in prod, and prod says why.
        await Task.Delay(TimeSpan.FromSeconds(5), environments.Deadline);

        Assert.Equal(fixture.Images.V1, await environments.ServingAsync(environments.Prod));
        Assert.Equal(fixture.Images.V1, await environments.ServingAsync(environments.Beta));
        var reason = failed.GetProperty("promotion").GetProperty("waiting");
        Assert.Equal("disqualified", reason.GetProperty("verdict").GetString());
        Assert.StartsWith($"its rollout failed in {environments.Beta}", reason.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var ledger = await environments.GetAsync(environments.ProdApi, "api/ledger?deployment=web");
        var stint = Assert.Single(ledger.EnumerateArray());
        Assert.Equal((fixture.Images.V1, environments.Beta, Commit1), (stint.GetProperty("digest").GetString(), stint.GetProperty("promotedFrom").GetString(),
            stint.GetProperty("commit").GetString()));
    }

    [Fact(Timeout = 150_000)]
    public async Task With_approval_required_a_command_promotes_once_a_second_is_a_no_op_and_a_digest_that_does_not_qualify_is_refused()
    {
        await using var environments = await TwoEnvironments.StartAsync(fixture, "{ from: BETA, after: 4s, approval: required }");
        await environments.AnnounceAsync(fixture.Images.V1, Commit1);
        await environments.WaitServingAsync(environments.Beta, fixture.Images.V1, Rollout);

        using var early = await PromoteAsync(environments, fixture.Images.V1);
        var refusal = await early.Content.ReadFromJsonAsync<JsonElement>(environments.Deadline);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.StartsWith($"{fixture.Images.V1} does not qualify for web in {environments.Prod}: it has run in {environments.Beta} for", refusal.GetProperty("message").GetString(),
            StringComparison.Ordinal);
        Assert.Null(await environments.ServingAsync(environments.Prod));

        var awaiting = await Eventually.WaitAsync(_ => environments.WebStateAsync(environments.ProdApi),
            state => state.GetProperty("promotion").GetProperty("state").GetString() == "awaiting-approval", TimeSpan.FromSeconds(20), "the digest to await approval");
        Assert.Contains($"awaits approval: platform promote web --to {environments.Prod}", awaiting.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Null(await environments.ServingAsync(environments.Prod));

        using var first = await PromoteAsync(environments, null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await environments.WaitServingAsync(environments.Prod, fixture.Images.V1, Rollout);
        using var second = await PromoteAsync(environments, null);
        using var third = await PromoteAsync(environments, fixture.Images.V1);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (second.StatusCode, third.StatusCode));
        var ledger = await environments.GetAsync(environments.ProdApi, "api/ledger?deployment=web");
        Assert.Single(ledger.EnumerateArray());
        var commands = await environments.GetAsync(environments.ProdApi, "api/commands?deployment=web");
        Assert.Equal("Done", Assert.Single(commands.EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact(Timeout = 150_000)]
    public async Task A_rollback_on_command_puts_the_previous_digest_back_and_the_rolled_back_one_is_not_promoted_again()
    {
        await using var environments = await TwoEnvironments.StartAsync(fixture, "{ from: BETA, after: 1s }");
        await environments.AnnounceAsync(fixture.Images.V1, Commit1);
        await environments.WaitServingAsync(environments.Prod, fixture.Images.V1, Rollout);
        await environments.AnnounceAsync(fixture.Images.V2, Commit2);
        await environments.WaitServingAsync(environments.Prod, fixture.Images.V2, Rollout);

        using var rollback = await environments.ProdApi.PostAsJsonAsync("api/rollbacks", new { deployment = "web", requestedBy = "test", reason = "wrong totals" },
            environments.Deadline);
        Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        await environments.WaitServingAsync(environments.Prod, fixture.Images.V1, Rollout);
        // Beta still runs v2, which qualified long ago: prod's evaluation (the one its gate acts on) blocks it, and prod keeps v1.
        var state = await Eventually.WaitAsync(_ => environments.WebStateAsync(environments.ProdApi),
            s => s.GetProperty("promotion").GetProperty("waiting") is { ValueKind: JsonValueKind.Object } w
                && w.GetProperty("digest").GetString() == fixture.Images.V2 && w.GetProperty("verdict").GetString() == "blocked",
            Rollout, "prod's promotion to name v2 as blocked after the rollback");
        Assert.Equal(fixture.Images.V1, await environments.ServingAsync(environments.Prod));

        var waiting = state.GetProperty("promotion").GetProperty("waiting");
        Assert.Equal((fixture.Images.V2, "blocked"), (waiting.GetProperty("digest").GetString(), waiting.GetProperty("verdict").GetString()));
        Assert.StartsWith($"it was rolled back in {environments.Prod}", waiting.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var ledger = (await environments.GetAsync(environments.ProdApi, "api/ledger?deployment=web")).EnumerateArray().ToList();
        Assert.Equal((fixture.Images.V2, "RolledBack"), (ledger[1].GetProperty("digest").GetString(), ledger[1].GetProperty("endReason").GetString()));
        Assert.StartsWith("rolled back on command by test: wrong totals", ledger[1].GetProperty("endDetail").GetString(), StringComparison.Ordinal);
        using var again = await PromoteAsync(environments, fixture.Images.V2);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static Task<HttpResponseMessage> PromoteAsync(TwoEnvironments environments, string? digest) =>
        environments.ProdApi.PostAsJsonAsync("api/promotions", new { deployment = "web", digest, environment = environments.Prod, requestedBy = "test" },
            environments.Deadline);
}

using Microsoft.AspNetCore.Components;
using Platform.Console.Live;

namespace Platform.Console.Components;

/// <summary>
/// A page that stays current: it loads from the services when it renders, and once interactive it reloads whenever a
/// bus event of its area arrives (at once and again a second later, for the history written just after the event)
/// and every few seconds; Blazor sends the browser only what changed.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    public static readonly TimeSpan FollowUp = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Periodic = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource life = new();
    private readonly SemaphoreSlim loading = new(1, 1);
    private IDisposable? subscription;
    private bool again;

    [Inject]
    private LiveFeed Feed { get; set; } = null!;

    [Inject]
    private ILogger<LivePage> Logger { get; set; } = null!;

    /// <summary>The last event that made this page reload, shown in its corner.</summary>
    protected LiveChange? LastChange { get; private set; }

    protected CancellationToken Lifetime => life.Token;

    protected abstract bool Shows(LiveChange change);

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected override Task OnInitializedAsync() => LoadAsync(life.Token);

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            subscription = Feed.Subscribe(OnChange);
            _ = RefreshPeriodicallyAsync();
        }
    }

    private void OnChange(LiveChange change)
    {
        if (!Shows(change))
        {
            return;
        }

        LastChange = change;
        _ = InvokeAsync(async () =>
        {
            await RefreshAsync();
            await Task.Delay(FollowUp, life.Token);
            await RefreshAsync();
        }).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task RefreshPeriodicallyAsync()
    {
        using var timer = new PeriodicTimer(Periodic);
        try
        {
            while (await timer.WaitForNextTickAsync(life.Token))
            {
                await InvokeAsync(RefreshAsync);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One load at a time; a change during a load makes one more load after it, not one per change.</summary>
    private async Task RefreshAsync()
    {
        if (!await loading.WaitAsync(0))
        {
            again = true;
            return;
        }

        try
        {
            do
            {
                again = false;
                await LoadAsync(life.Token);
                StateHasChanged();
            }
            while (again && !life.IsCancellationRequested);
        }
        catch (OperationCanceledException) when (life.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The page keeps what it showed; the next event or tick tries again.
            Logger.LogWarning(e, "{Page} could not refresh", GetType().Name);
        }
        finally
        {
            loading.Release();
        }
    }

    public void Dispose()
    {
        subscription?.Dispose();
        // Cancelled, not disposed: a load still finishing may read the token.
        life.Cancel();
        GC.SuppressFinalize(this);
    }
}

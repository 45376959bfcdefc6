namespace RadioServer.Playout.Live;

/// <summary>
/// The presenter session on the live mount: who is on air (at most one source holds it), the title listeners see,
/// and whether the playout side gave up on the source. Its audio travels through <see cref="Audio"/>, which is open
/// only while a presenter holds the input.
/// </summary>
public sealed class LiveInput
{
    private readonly Lock _lock = new();
    private string? _owner;
    private bool _rejected;

    /// <param name="capacitySamples">Interleaved samples of audio held at most (older audio is dropped when a source sends too fast).</param>
    public LiveInput(int capacitySamples) => Audio = new PcmFifo(capacitySamples);

    /// <summary>The presenter's audio, in the station format.</summary>
    public PcmFifo Audio { get; }

    /// <summary>The presenter connected now, or null.</summary>
    public string? Owner
    {
        get
        {
            lock (_lock)
            {
                return _owner;
            }
        }
    }

    /// <summary>The title listeners see while live: set at connect and by metadata updates.</summary>
    public (string? Artist, string Title)? Title { get; private set; }

    /// <summary>Increments whenever <see cref="Title"/> changes, so the playout thread can notice.</summary>
    public int TitleVersion { get; private set; }

    /// <summary>Set when the playout side gave up on the source (silence); the connection should close.</summary>
    public bool Rejected
    {
        get
        {
            lock (_lock)
            {
                return _rejected;
            }
        }
    }

    /// <summary>Claims the input for <paramref name="presenter"/>; false while another presenter is on.</summary>
    public bool TryAcquire(string presenter, string title)
    {
        lock (_lock)
        {
            if (_owner is not null)
            {
                return false;
            }

            _owner = presenter;
            _rejected = false;
            Audio.Open();
            Title = (null, title);
            TitleVersion++;
            return true;
        }
    }

    /// <summary>The presenter left: its buffered audio still plays out, nothing more is accepted.</summary>
    public void Release(string presenter)
    {
        lock (_lock)
        {
            if (_owner == presenter)
            {
                _owner = null;
                Audio.Close(discard: false);
            }
        }
    }

    public void SetTitle(string? artist, string title)
    {
        lock (_lock)
        {
            Title = (artist, title);
            TitleVersion++;
        }
    }

    internal void Reject()
    {
        lock (_lock)
        {
            _rejected = true;
            _owner = null;
            Audio.Close(discard: true);
        }
    }
}

using System.Collections.Concurrent;
using System.Threading.Channels;
using CustomerCareBot.Runs;
using Microsoft.Extensions.Options;

namespace CustomerCareBot.Worker.Execution;

/// <summary>
/// The bounded hand-off between the stream readers and the executors. It also remembers which entries this
/// process holds, so the reclaimer never hands the same entry out twice.
/// </summary>
public sealed class RunChannel
{
    private readonly Channel<RunEntry> _channel;
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    public RunChannel(IOptions<WorkerOptions> options)
    {
        Capacity = options.Value.EffectiveChannelCapacity;
        _channel = Channel.CreateBounded<RunEntry>(new BoundedChannelOptions(Math.Max(1, Capacity))
        {
            SingleReader = false,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    public int Queued => _channel.Reader.Count;

    public int Held => _held.Count;

    /// <summary>Room for more entries, counting those the executors are running.</summary>
    public int Room => Math.Max(0, Capacity - _channel.Reader.Count);

    public ValueTask<bool> WaitForRoomAsync(CancellationToken cancellationToken) => _channel.Writer.WaitToWriteAsync(cancellationToken);

    public bool IsHeld(string entryId) => _held.ContainsKey(entryId);

    public async ValueTask<bool> WriteAsync(RunEntry entry, CancellationToken cancellationToken)
    {
        if (!_held.TryAdd(entry.EntryId, 0))
        {
            return false;
        }

        try
        {
            await _channel.Writer.WriteAsync(entry, cancellationToken);
            return true;
        }
        catch
        {
            _held.TryRemove(entry.EntryId, out _);
            throw;
        }
    }

    public IAsyncEnumerable<RunEntry> ReadAllAsync(CancellationToken cancellationToken) => _channel.Reader.ReadAllAsync(cancellationToken);

    public void Release(RunEntry entry) => _held.TryRemove(entry.EntryId, out _);
}

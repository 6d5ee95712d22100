// TrainingCheckpoint: everything a run needs to continue bit-identically, in one versioned, checksummed file.
//
// Byte layout (little-endian), written temp-then-rename by AtomicFile:
//   offset  0   8 bytes  magic "EXPTRCKP"
//   offset  8   uint32   format version (1)
//   offset 12   int64    payload length L (bytes)
//   offset 20   32 bytes SHA-256 of the payload
//   offset 52   L bytes  payload: UTF-8 JSON (CheckpointPayload below); float arrays as base64 of their
//                        little-endian bytes, doubles as round-trip JSON numbers (±∞/NaN as named literals)
// Readers check magic, version, length against the file size and the hash before parsing, so a torn or
// corrupted file is refused with a clear message instead of resuming from garbage.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Experiments.Engine;
using Experiments.Engine.NN;
using Experiments.Engine.Random;
using Experiments.ML.Packaging;

namespace Experiments.ML.Training;

/// <summary>
/// A training checkpoint (<c>best.ckpt</c>/<c>last.ckpt</c>): model weights and buffers, optimizer and scheduler
/// state, random stream states, progress, the early-stopping tracker and best weights, the history so far, and
/// the configuration key. Read one with <see cref="Read"/>; resume with <see cref="FitOptions.ResumeFrom"/>.
/// </summary>
public sealed class TrainingCheckpoint
{
    /// <summary>The format version written and accepted.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "EXPTRCKP"u8.ToArray();
    private const int HeaderLength = 8 + 4 + 8 + 32;
    private const long MaxPayloadBytes = 1L << 31;

    private static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    internal TrainingCheckpoint(CheckpointPayload payload) => Payload = payload;

    internal CheckpointPayload Payload { get; }

    /// <summary>Epochs fully completed when the checkpoint was written.</summary>
    public int EpochsCompleted => Payload.EpochsCompleted;

    /// <summary>Batches done in the following (unfinished) epoch; non-zero only for a checkpoint written on cancellation.</summary>
    public int BatchesInEpoch => Payload.BatchesInEpoch;

    /// <summary>Optimizer steps taken.</summary>
    public long Step => Payload.Step;

    /// <summary>The per-epoch history so far.</summary>
    public IReadOnlyList<EpochRecord> History => Payload.History;

    /// <summary>The configuration key: canonical "key → value" entries of spec, options, input schema and data.</summary>
    public IReadOnlyDictionary<string, string> Configuration => Payload.Config;

    /// <summary>Why the run ended, or null when it can continue.</summary>
    public StopReason? StopReason => Payload.StopReason;

    /// <summary>
    /// Copies the checkpoint's weights and buffers into <paramref name="network"/> (built from the same spec):
    /// the current weights, or with <paramref name="best"/> the best epoch's (early stopping runs only).
    /// </summary>
    public void LoadWeights(Module network, bool best = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        List<TensorEntry> entries = best ? Payload.BestModel : Payload.Model;
        if (entries.Count == 0)
            throw new InvalidOperationException("The checkpoint holds no best weights (the run had no early stopping); load the current weights (best: false).");
        network.LoadStateDict(ToStateDict(entries));
    }

    internal static StateDict ToStateDict(List<TensorEntry> entries)
    {
        var state = new StateDict();
        foreach (var e in entries)
        {
            int length = e.Shape.Aggregate(1, (a, d) => a * d);
            float[] values = Decode(e.Data, length, e.Name);
            state.Add(e.Name, e.Shape.Length == 0 ? Tensor.Scalar(values[0]) : Tensor.FromArray(values, e.Shape));
        }
        return state;
    }

    /// <summary>Reads and verifies a checkpoint; throws <see cref="CheckpointException"/> naming the problem.</summary>
    public static TrainingCheckpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
            throw new CheckpointException(path, "the checkpoint file does not exist. Pass the path of a best.ckpt or last.ckpt a previous run wrote.");
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < HeaderLength || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new CheckpointException(path, $"not a training checkpoint: expected the magic \"EXPTRCKP\" and a {HeaderLength}-byte header, found {Math.Min(bytes.Length, 8)} bytes \"{Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 8))}\" ({bytes.Length} bytes in all).");
        uint version = BitConverter.ToUInt32(bytes, 8);
        if (version != FormatVersion)
            throw new CheckpointException(path, $"checkpoint format version {version} is not supported; this library reads version {FormatVersion}. Resume with the library version that wrote it, or start the run again.");
        long length = BitConverter.ToInt64(bytes, 12);
        if (length < 0 || length > MaxPayloadBytes || length != bytes.Length - HeaderLength)
            throw new CheckpointException(path, $"the header declares a payload of {length} bytes but the file holds {bytes.Length - HeaderLength} after the header. The file is truncated or corrupt; resume from the other checkpoint (best.ckpt/last.ckpt) or start again.");
        ReadOnlySpan<byte> payload = bytes.AsSpan(HeaderLength);
        byte[] hash = SHA256.HashData(payload);
        if (!hash.AsSpan().SequenceEqual(bytes.AsSpan(20, 32)))
            throw new CheckpointException(path, $"checksum mismatch: the header says SHA-256 {Convert.ToHexStringLower(bytes.AsSpan(20, 32))}, the payload hashes to {Convert.ToHexStringLower(hash)}. The file is corrupt; resume from the other checkpoint or start again.");
        CheckpointPayload? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<CheckpointPayload>(payload, Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"the payload passed its checksum but is not valid checkpoint JSON ({e.Message}). It was written by an incompatible build; start the run again.");
        }
        return new TrainingCheckpoint(parsed ?? throw new CheckpointException(path, "the payload is empty (JSON null)."));
    }

    /// <summary>Writes the checkpoint to <paramref name="path"/> temp-then-rename (the folder is created if needed).</summary>
    internal void Write(string path)
    {
        byte[] payload = JsonSerializer.SerializeToUtf8Bytes(Payload, Json);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            Magic.CopyTo(header);
            BitConverter.TryWriteBytes(header[8..], (uint)FormatVersion);
            BitConverter.TryWriteBytes(header[12..], (long)payload.Length);
            SHA256.HashData(payload, header[20..]);
            stream.Write(header);
            stream.Write(payload);
        });
    }

    /// <summary>Float array ↔ base64 of its little-endian bytes.</summary>
    internal static string Encode(ReadOnlySpan<float> values)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Checkpoints are written on little-endian machines only.");
        return Convert.ToBase64String(MemoryMarshal.AsBytes(values));
    }

    /// <inheritdoc cref="Encode"/>
    internal static float[] Decode(string base64, int expectedLength, string what)
    {
        byte[] bytes = Convert.FromBase64String(base64);
        if (bytes.Length != expectedLength * sizeof(float))
            throw new InvalidDataException($"{what}: expected {expectedLength} floats, found {bytes.Length / (double)sizeof(float)}.");
        return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
    }
}

/// <summary>One named tensor of a checkpoint (a state-dict entry).</summary>
internal sealed record TensorEntry(string Name, int[] Shape, string Data);

/// <summary>An optimizer's state (mirrors Experiments.Engine.Optim.OptimizerState).</summary>
internal sealed record OptimizerEntry(string Optimizer, int Version, Dictionary<string, double> Hyperparameters, List<ParameterEntry> Parameters);

/// <summary>One parameter's optimizer state.</summary>
internal sealed record ParameterEntry(int[] Shape, bool Initialized, Dictionary<string, double> Scalars, Dictionary<string, string> Buffers);

/// <summary>A scheduler's state (mirrors Experiments.Engine.Optim.Schedulers.SchedulerState).</summary>
internal sealed record SchedulerEntry(string Scheduler, int Version, Dictionary<string, double> Values);

/// <summary>Early stopping / best-weights tracker: best monitor value, its epoch, epochs without improvement.</summary>
internal sealed record TrackerEntry(double Best, int BestEpoch, int Wait);

/// <summary>Sums of an unfinished epoch (checkpoints written on cancellation).</summary>
internal sealed record PartialEpochEntry(double LossSum, long Correct, long Samples, double Seconds, double LastLearningRate);

/// <summary>The checkpoint payload.</summary>
internal sealed record CheckpointPayload
{
    public required SortedDictionary<string, string> Config { get; init; }
    public required int EpochsCompleted { get; init; }
    public required int BatchesInEpoch { get; init; }
    public required long Step { get; init; }
    public PartialEpochEntry? Partial { get; init; }
    public StopReason? StopReason { get; init; }
    public string? StopMessage { get; init; }
    public required List<TensorEntry> Model { get; init; }
    public required List<TensorEntry> BestModel { get; init; }
    public required OptimizerEntry Optimizer { get; init; }
    public SchedulerEntry? Scheduler { get; init; }
    public required List<RandomStreamState> DropoutStreams { get; init; }
    public required TrackerEntry Tracker { get; init; }
    public required List<EpochRecord> History { get; init; }
}

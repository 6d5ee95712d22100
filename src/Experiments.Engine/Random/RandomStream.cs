// RandomStream: one seeded, independent stream of pseudo-random numbers (xoshiro256**).
//
// Why our own generator: System.Random's algorithm is an implementation detail that may change between
// .NET versions, and its state cannot be saved. A run must be bit-identical for the same seed on the same
// machine and must resume exactly from a checkpoint, so the generator and its state are ours.
//
// Algorithm: xoshiro256** 1.0 (Blackman and Vigna, https://prng.di.unimi.it/xoshiro256starstar.c),
// seeded by SplitMix64 so that any 64-bit seed (0 included) gives a well-mixed non-zero state.
// Streams for separate components (init, shuffle, augmentation, dropout) come from RandomStreams.Derive,
// so one component's draws never shift another's.
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Experiments.Engine.Random;

/// <summary>
/// A deterministic pseudo-random stream (xoshiro256**). Not thread-safe: give each component
/// (and each worker) its own stream from <see cref="RandomStreams"/>.
/// </summary>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;
    // Box-Muller produces normals in pairs; the spare is part of the state so a saved stream resumes exactly.
    private bool _hasSpareNormal;
    private double _spareNormal;

    /// <summary>Creates a stream from a 64-bit seed (expanded with SplitMix64).</summary>
    public RandomStream(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    private RandomStream(RandomStreamState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("A xoshiro256** state of all zeros is invalid (the generator would only ever return 0). The saved state is corrupt.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _hasSpareNormal = state.HasSpareNormal;
        _spareNormal = state.SpareNormal;
    }

    /// <summary>
    /// Restarts this stream exactly as <c>new RandomStream(seed)</c> would start, without allocating: for per-item
    /// streams in hot loops (e.g. one stream per augmented image, reseeded from seeds drawn off a batch stream).
    /// </summary>
    public void Reseed(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
        _hasSpareNormal = false;
        _spareNormal = 0;
    }

    /// <summary>Restores a stream saved with <see cref="SaveState"/>; it continues exactly where the saved one stood.</summary>
    public static RandomStream FromState(RandomStreamState state) => new(state);

    /// <summary>The complete state, for checkpoints.</summary>
    public RandomStreamState SaveState() => new(_s0, _s1, _s2, _s3, _hasSpareNormal, _spareNormal);

    /// <summary>Overwrites this stream's state with one saved by <see cref="SaveState"/> (for components that own their stream, e.g. Dropout).</summary>
    public void LoadState(RandomStreamState state)
    {
        if ((state.S0 | state.S1 | state.S2 | state.S3) == 0)
            throw new ArgumentException("A xoshiro256** state of all zeros is invalid (the generator would only ever return 0). The saved state is corrupt.", nameof(state));
        (_s0, _s1, _s2, _s3) = (state.S0, state.S1, state.S2, state.S3);
        _hasSpareNormal = state.HasSpareNormal;
        _spareNormal = state.SpareNormal;
    }

    /// <summary>A copy that continues with the same numbers as this stream, independently of it.</summary>
    public RandomStream Clone() => new(SaveState());

    /// <summary>Next 64 uniformly distributed bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Next 32 uniformly distributed bits (the high half of <see cref="NextUInt64"/>).</summary>
    public uint NextUInt32() => (uint)(NextUInt64() >> 32);

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias (Lemire's method).</summary>
    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "The upper bound must be positive.");
        ulong range = (ulong)exclusiveMax;
        ulong product = Math.BigMul(NextUInt64(), range, out ulong low);
        if (low < range)
        {
            ulong threshold = (0 - range) % range;
            while (low < threshold)
                product = Math.BigMul(NextUInt64(), range, out low);
        }
        return (int)product;
    }

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="exclusiveMax"/>).</summary>
    public int NextInt(int min, int exclusiveMax)
    {
        if (exclusiveMax <= min)
            throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, $"The upper bound must exceed the lower bound {min}.");
        return min + NextInt(exclusiveMax - min);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1.0f / (1 << 24));

    /// <summary>Uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>True with probability <paramref name="p"/> (one draw, whatever p is).</summary>
    public bool NextBernoulli(double p) => NextDouble() < p;

    /// <summary>Standard normal draw (Box-Muller on two uniforms; pairs are cached in the state).</summary>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        double u1;
        do { u1 = NextDouble(); } while (u1 <= double.Epsilon);
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareNormal = radius * Math.Sin(angle);
        _hasSpareNormal = true;
        return radius * Math.Cos(angle);
    }

    /// <summary>Normal draw with the given mean and standard deviation.</summary>
    public double NextNormal(double mean, double std) => mean + std * NextNormal();

    /// <summary>Fills <paramref name="destination"/> with uniform values in [low, high).</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)NextUniform(low, high);
    }

    /// <summary>Fills <paramref name="destination"/> with normal values N(mean, std²).</summary>
    public void FillNormal(Span<float> destination, float mean, float std)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (float)NextNormal(mean, std);
    }

    /// <summary>Fisher-Yates shuffle in place: every permutation equally likely.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0..<paramref name="count"/>-1.</summary>
    public int[] Permutation(int count)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        Shuffle<int>(order);
        return order;
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>The complete state of a <see cref="RandomStream"/>, for checkpoints.</summary>
public readonly record struct RandomStreamState(ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpareNormal, double SpareNormal);

// RandomStreams: one root seed, one independent stream per named component.
//
// A run has one root seed. Every component that draws random numbers (weight init, data shuffling,
// augmentation, dropout, validation split) asks for its own stream by a stable name, so adding draws in one
// component never shifts the numbers another sees. Names are hashed with FNV-1a (stable across processes
// and .NET versions, unlike string.GetHashCode) and mixed with the root seed.
using System.Text;

namespace Experiments.Engine.Random;

/// <summary>Derives independent, named <see cref="RandomStream"/>s from one root seed.</summary>
public sealed class RandomStreams
{
    /// <summary>Well-known stream names, so components agree on them.</summary>
    public static class Names
    {
        public const string Init = "init";
        public const string Shuffle = "shuffle";
        public const string Augmentation = "augmentation";
        public const string Dropout = "dropout";
        public const string Split = "split";
    }

    /// <summary>The root seed every stream derives from.</summary>
    public ulong RootSeed { get; }

    public RandomStreams(ulong rootSeed) => RootSeed = rootSeed;

    /// <summary>A fresh stream for <paramref name="name"/>: same root seed and name, same numbers.</summary>
    public RandomStream Stream(string name) => new(Derive(RootSeed, name));

    /// <summary>A fresh stream for <paramref name="name"/> and an index (per epoch, per worker, per run in a sweep).</summary>
    public RandomStream Stream(string name, long index) => new(Derive(Derive(RootSeed, name), index));

    /// <summary>The 64-bit seed of stream <paramref name="name"/> under <paramref name="rootSeed"/>.</summary>
    public static ulong Derive(ulong rootSeed, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ulong hash = 0xCBF29CE484222325UL; // FNV-1a 64 offset basis
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash *= 0x100000001B3UL; // FNV-1a 64 prime
        }
        return Mix(rootSeed ^ Mix(hash));
    }

    /// <summary>The 64-bit seed of sub-stream <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static ulong Derive(ulong seed, long index) => Mix(seed ^ Mix((ulong)index + 0x632BE59BD9B4E019UL));

    // Stafford's variant 13 of the MurmurHash3 finalizer: a bijection with full avalanche.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

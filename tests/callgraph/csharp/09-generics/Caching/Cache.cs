using System;
using System.Collections.Generic;

namespace Caching
{
    public class Cache<TKey, TValue>
    {
        private readonly Dictionary<TKey, TValue> _items = new Dictionary<TKey, TValue>();

        public int Count => _items.Count;

        public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
        {
            if (!_items.TryGetValue(key, out var value))
            {
                value = factory(key);
                Store(key, value);
            }
            return value;
        }

        private void Store(TKey key, TValue value) => _items[key] = value;
    }

    public static class Parsing
    {
        public static T Parse<T>(string text) => (T)Convert.ChangeType(text, typeof(T));

        public static List<T> ParseAll<T>(IEnumerable<string> texts)
        {
            var result = new List<T>();
            foreach (var t in texts)
                result.Add(Parse<T>(t));
            return result;
        }
    }
}

using System.Collections.Generic;
using System.Linq;

namespace Warehouse
{
    public class Inventory
    {
        private readonly List<string> _items = new List<string>();
        private readonly Dictionary<string, int> _stock = new Dictionary<string, int>();

        public void Add(string item, int quantity)
        {
            if (!Contains(item))
                _items.Add(item);
            _stock[item] = _stock.TryGetValue(item, out var q) ? q + quantity : quantity;
        }

        public bool Contains(string item) => _stock.ContainsKey(item);

        public int Count() => _stock.Values.Sum();

        public IEnumerable<string> Names() => _items.OrderBy(n => n);
    }
}

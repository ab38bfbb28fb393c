using System.Collections.Generic;

namespace Data
{
    public class MemoryRepository : IRepository
    {
        private readonly Dictionary<int, string> _rows = new Dictionary<int, string>();

        public string Find(int id) => _rows.TryGetValue(id, out var row) ? row : Missing(id);

        public void Save(int id, string value) => _rows[id] = value;

        private static string Missing(int id) => $"<no row {id}>";
    }
}

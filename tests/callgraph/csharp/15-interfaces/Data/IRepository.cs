namespace Data
{
    public interface IRepository
    {
        string Find(int id);

        void Save(int id, string value);
    }
}

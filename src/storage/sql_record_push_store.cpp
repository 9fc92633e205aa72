#include "storage/record_push_store.hpp"

#include "storage/record_writer.hpp"

namespace sb::storage {

namespace {

class SqlRecordPushStore final : public RecordPushStore {
  public:
    explicit SqlRecordPushStore(sql::Database& db) : db_(db) {}

    PushWrite write(const std::string& account_id, const std::string& integration_id,
                    const std::vector<domain::Record>& records,
                    const std::optional<PushDelivery>& delivery) override {
        return db_.write([&](sql::Session& s) {
            PushWrite out;
            if (delivery) {
                // The body is not kept: the records are stored, the row only remembers the id.
                out.duplicate =
                    s.exec(
                         "INSERT INTO webhook_events (id, account_id, integration_id, "
                         "connector_id, delivery_id, topic, occurred_at, body, status, "
                         "attempts, received_at, applied_at) VALUES ($1, $2, $3, 'custom', $4,"
                         " 'records.push', $5, '', 'applied', 1, $5, $5)"
                         " ON CONFLICT (integration_id, delivery_id) DO NOTHING",
                         {delivery->id, account_id, integration_id, delivery->delivery_id,
                          delivery->received_at})
                        .affected == 0;
                if (out.duplicate)
                    return out;
            }
            out.written = upsert_records(s, account_id, integration_id, records);
            auto r = s.exec("SELECT last_seq FROM account_sequences WHERE account_id = $1",
                            {account_id});
            if (!r.rows.empty())
                out.last_change_seq = r.rows[0].integer(0);
            return out;
        });
    }

  private:
    sql::Database& db_;
};

}  // namespace

std::unique_ptr<RecordPushStore> make_sql_record_push_store(sql::Database& db) {
    return std::make_unique<SqlRecordPushStore>(db);
}

}  // namespace sb::storage

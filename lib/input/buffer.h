// An owned byte buffer that grows without zero-filling. Whole sources pass
// through one (read, decompressed, framed in place); std::string would write
// every byte twice, and for a large source the zero-fill and its page faults
// cost more than parsing.
#ifndef TRAILHUNT_LIB_INPUT_BUFFER_H_
#define TRAILHUNT_LIB_INPUT_BUFFER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string_view>

namespace trailhunt::input {

class Buffer {
 public:
  Buffer() = default;
  Buffer(Buffer&&) noexcept = default;
  Buffer& operator=(Buffer&&) noexcept = default;

  static Buffer Copy(std::string_view bytes, size_t padding) {
    Buffer b;
    b.Reserve(bytes.size() + padding);
    b.Append(bytes.data(), bytes.size());
    return b;
  }

  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  std::string_view view() const { return std::string_view(data_.get(), size_); }

  // Grows the capacity to at least `n`, keeping the contents; new bytes are
  // left uninitialised.
  void Reserve(size_t n) {
    if (n <= capacity_) return;
    // What operator new would do for an impossible size, stated for the
    // compiler, which otherwise warns that n may wrap.
    if (n > static_cast<size_t>(PTRDIFF_MAX)) throw std::bad_alloc();
    std::unique_ptr<char[]> grown(new char[n]);
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = n;
  }
  // Sets the size; `n` must be within the capacity.
  void set_size(size_t n) { size_ = n; }
  void Append(const char* bytes, size_t n) {
    if (size_ + n > capacity_) Reserve(std::max(size_ + n, capacity_ * 2));
    if (n > 0) std::memcpy(data_.get() + size_, bytes, n);
    size_ += n;
  }
  void Clear() { size_ = 0; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_BUFFER_H_

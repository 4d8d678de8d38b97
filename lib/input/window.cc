#include "input/window.h"

#include <algorithm>
#include <cstring>

#include "trailhunt/input.h"

namespace trailhunt::input {

std::unique_ptr<Window> Window::FromMemory(Buffer buffer) {
  std::unique_ptr<Window> w(new Window);
  const size_t size = buffer.size();
  // Define the padding bytes (they are read, never interpreted).
  buffer.Reserve(size + kJsonPadding);
  std::memset(buffer.data() + size, ' ', kJsonPadding);
  w->owned_ = std::move(buffer);
  w->ptr_ = w->owned_.data();
  w->end_ = size;
  w->cap_ = w->owned_.capacity();
  w->eof_ = true;
  return w;
}

std::unique_ptr<Window> Window::FromBorrowed(std::string_view memory) {
  std::unique_ptr<Window> w(new Window);
  // Read-only use: the framer never writes through data().
  w->ptr_ = const_cast<char*>(memory.data());
  w->end_ = memory.size();
  w->cap_ = memory.size();
  w->eof_ = true;
  return w;
}

bool Window::Padded(std::string_view text) const {
  const char* begin = ptr_;
  const char* end = ptr_ + end_;
  if (text.data() < begin || text.data() > end) return true;  // not ours
  return static_cast<size_t>(text.data() + text.size() - begin) + kJsonPadding <= cap_;
}

std::unique_ptr<Window> Window::FromStream(ByteStream* stream, size_t chunk) {
  std::unique_ptr<Window> w(new Window);
  w->stream_ = stream;
  w->chunk_ = chunk;
  w->cap_ = chunk * 2 + kJsonPadding;
  w->buf_.reset(new char[w->cap_]);
  w->ptr_ = w->buf_.get();
  // Only the padding after the data must be defined (Fill() keeps it so).
  std::memset(w->ptr_, ' ', kJsonPadding);
  return w;
}

bool Window::Fill() {
  if (eof_) return false;
  // Drop consumed bytes once they outweigh the live ones (amortised O(n)).
  if (start_ > 0 && start_ >= end_ - start_) {
    std::memmove(ptr_, ptr_ + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  if (end_ + chunk_ + kJsonPadding > cap_) {
    size_t new_cap = std::max(cap_ * 2, end_ + chunk_ + kJsonPadding);
    std::unique_ptr<char[]> grown(new char[new_cap]);
    std::memcpy(grown.get(), ptr_, end_);
    std::memset(grown.get() + end_, ' ', kJsonPadding);
    buf_ = std::move(grown);
    ptr_ = buf_.get();
    cap_ = new_cap;
  }
  const size_t n = stream_->Read(ptr_ + end_, chunk_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  std::memset(ptr_ + end_, ' ', std::min(kJsonPadding, cap_ - end_));
  return true;
}

}  // namespace trailhunt::input

#include "input/window.h"

#include <algorithm>
#include <cstring>

#include "trailhunt/input.h"

namespace trailhunt::input {

std::unique_ptr<Window> Window::FromMemory(std::string buffer) {
  std::unique_ptr<Window> w(new Window);
  const size_t size = buffer.size();
  if (buffer.capacity() < size + kJsonPadding) buffer.reserve(size + kJsonPadding);
  w->owned_ = std::move(buffer);
  // Define the padding bytes (they are read, never interpreted).
  w->owned_.resize(w->owned_.capacity(), ' ');
  w->owned_.resize(size);
  w->ptr_ = w->owned_.data();
  w->end_ = size;
  w->cap_ = w->owned_.capacity();
  w->eof_ = true;
  return w;
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

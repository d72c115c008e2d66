import type { Messages } from './en'

export const vi: Messages = {
  app: {
    home: 'chiphao: về trang tổng quan',
    loading: 'Đang tải',
    language: 'Ngôn ngữ',
    panel: 'Chú giải bản đồ và thông tin đơn vị',
    synthetic: 'Dữ liệu minh họa tổng hợp: các hộ được tạo ra, không phải khảo sát thực.',
  },
}
